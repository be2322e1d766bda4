"""Which language CHANCE speaks: the user's saved choice, else the browser's, else English; and
e-mail in the recipient's language."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from chance.nav import PAGES
from chance.reminders import delivery, engine
from chance.reminders.models import Reminder
from tests import factories


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _in(code, text) -> str:
    with translation.override(code):
        return gettext(text)


@pytest.mark.parametrize("code", ["es", "ht"])
def test_the_sign_in_page_follows_the_browsers_language(client, db, code):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=f"{code},en;q=0.5")
    page = response.content.decode()
    assert _lang(response) == code
    for english in ("Sign in", "Username", "Password", "Skip to main content"):
        translated = _in(code, english)
        assert translated != english, f"{english!r} has no {code} translation"
        assert translated in page
    assert ">Sign in<" not in page


def test_without_a_choice_or_a_known_browser_language_the_page_is_in_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")
    assert _lang(response) == "en"
    assert ">Sign in<" in response.content.decode()


def test_a_users_saved_choice_beats_the_browsers(client, login, clinician):
    clinician.language = "ht"
    clinician.save(update_fields=["language"])
    login(clinician)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert _lang(response) == "ht"
    assert response["Content-Language"] == "ht"

    # Twin: a user with no saved choice gets the browser's.
    clinician.language = ""
    clinician.save(update_fields=["language"])
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")) == "es"


@pytest.mark.parametrize("code", ["es", "ht"])
def test_no_english_navigation_words_are_left_for_any_role(
    client, login, code, clinician, coordinator, supervisor, oncall, support, admin_user
):
    for user in (clinician, coordinator, supervisor, oncall, support, admin_user):
        client.logout()
        login(user)
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=code).content.decode()
        nav = page[page.index('class="usa-nav"') : page.index("</nav>")]
        for label in {str(p.label) for p in PAGES} | {"Notifications", "Sign out", "Menu"}:
            with translation.override("en"):
                english = gettext(label)
            if _in(code, english) != english:
                assert f">{english}<" not in nav, f"{user}: {english!r} left in English"
        assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=code)) == code


def test_the_language_switch_saves_the_choice_on_the_user(client, login, clinician):
    login(clinician)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/youths/"})
    assert response.status_code == 302 and response["Location"] == "/youths/"
    clinician.refresh_from_db()
    assert clinician.language == "es"
    assert response.cookies["django_language"].value == "es"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "es"


def test_the_language_switch_refuses_unknown_languages_and_foreign_redirects(client, clinician):
    # Signed out, as on the sign-in page: only the cookie is set.
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 400
    response = client.post(
        reverse("set_language"), {"language": "ht", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert _lang(client.get(reverse("login"))) == "ht"
    clinician.refresh_from_db()
    assert clinician.language == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("code", "english"), [("es", False), ("", True)])
def test_a_reminder_e_mail_is_in_the_recipients_language(coordinator, code, english):
    coordinator.language = code
    coordinator.save(update_fields=["language"])
    now = timezone.now()
    factories.refer_youth(by=coordinator, received_at=now)
    engine.sweep(now)
    reminder = Reminder.objects.get(recipient=coordinator)
    with translation.override("ht"):  # whatever the worker's own language
        assert delivery.deliver(reminder.pk)
    message = mail.outbox[-1]
    english_subject = _in("en", "CHANCE reminder: %(work)s %(level)s").split(":")[0]
    if english:
        assert message.subject.startswith(english_subject + ":")
    else:
        spanish = _in("es", "CHANCE reminder: %(work)s %(level)s").split(":")[0]
        assert spanish != english_subject
        assert message.subject.startswith(spanish + ":")
        assert _in("es", "CSEC screening") in message.subject
        assert _in("es", "Open: %(url)s").split(":")[0] + ":" in message.body


@pytest.mark.parametrize("code", ["en", "es", "ht"])
def test_the_switch_names_every_language_in_itself_whatever_the_page_language(client, db, code):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=code).content.decode()
    switch = page[page.index('class="chance-language"') : page.index("</form>")]
    for name in ("English", "Español", "Kreyòl ayisyen"):
        assert name in switch
    assert "Inglés" not in switch


@pytest.mark.parametrize(
    ("code", "written"),
    [("en", "Aug 1, 2009"), ("es", "1 de agosto de 2009"), ("ht", "1 out 2009")],
)
def test_dates_are_written_in_the_active_languages_way(code, written):
    from datetime import date

    from chance.dates import day

    with translation.override(code):
        assert day(date(2009, 8, 1)) == written


def test_django_form_errors_read_in_haitian_creole():
    from django import forms

    with translation.override("ht"):
        with pytest.raises(forms.ValidationError) as refused:
            forms.CharField().clean("")
        assert refused.value.messages == ["Ou dwe ranpli chan sa a."]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["es", "ht"])
def test_the_seeded_lookup_and_service_names_read_in_the_language(code):
    from cases.models import ExploitationType, RecruitmentPathway, VulnerabilityFactor
    from services.models import ServiceType

    rows = [
        row
        for model in (ExploitationType, RecruitmentPathway, VulnerabilityFactor, ServiceType)
        for row in model.objects.all()
    ]
    assert len(rows) > 40
    with translation.override(code):
        untranslated = [row.name for row in rows if str(row) == row.name]
    assert untranslated == []
    # Twin: a name a program adds later reads as it was typed, in any language.
    with translation.override(code):
        assert str(ServiceType(code="art", name="Art therapy")) == "Art therapy"
