from chance.accounts import roles
from tests import factories
from tests.e2e.conftest import check_accessibility, screenshot, sign_in


def test_a_clinician_signs_in_through_the_real_form(page, transactional_db):
    user = factories.make_user("e2e_clinician", roles.CLINICIAN)
    page.goto("/")
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to sign in
    check_accessibility(page)
    sign_in(page, user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    check_accessibility(page)
    screenshot(page, "sign-in")
    assert page.console_errors == []


def test_a_wrong_password_is_refused_with_a_message(page, transactional_db):
    user = factories.make_user("e2e_clinician2", roles.CLINICIAN)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url
