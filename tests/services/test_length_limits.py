"""Every field with a length limit says so before it bites, and nothing is cut short: no
maxlength attribute (a browser cuts a paste with it, without a word), the limit under the
field, and a too-long value refused next to it with everything typed kept."""

import re

from django.urls import reverse

from services import actions
from services.models import NoteAmendment

from .test_notes import write_note
from .test_plans import build_plan
from .test_plans import editor_data as plan_data

PASTE = ("A long session summary pasted from the caregiver e-mail. " * 200)[:10_000]
REFUSAL = "This is 10,000 characters; the limit is 5,000. Nothing was saved; shorten it."


def test_a_10000_character_amendment_is_refused_whole_and_kept(
    login, clinician, active_youth, therapy
):
    note = write_note(active_youth, clinician, therapy)
    client = login(clinician)
    page = client.get(reverse("services:note_detail", args=[active_youth.pk, note.pk]))
    body = page.content.decode()
    assert "Up to 5,000 characters." in body
    assert 'data-limit="5000"' in body and "maxlength" not in body

    response = client.post(
        reverse("services:note_amend", args=[active_youth.pk, note.pk]), {"text": PASTE}
    )
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(r'<span class="usa-error-message" id="id_text_error">(.*?)</span>', body)
    assert error and error.group(1) == REFUSAL
    textarea = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", body, re.S).group(1)
    assert len(textarea) == 10_000  # all of it, to shorten in place
    assert 'aria-describedby="id_text_limit id_text_error"' in body
    assert not NoteAmendment.objects.exists()


def test_a_too_long_plan_need_is_refused_and_the_rest_of_the_plan_kept(
    login, clinician, active_youth, therapy
):
    plan = build_plan(active_youth, clinician, therapy)
    response = login(clinician).post(
        reverse("services:plan_edit", args=[active_youth.pk, plan.pk]),
        plan_data(plan, **{"plan-needs": PASTE, "plan-strengths": "Likes art"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert REFUSAL in body and "Likes art" in body
    plan.refresh_from_db()
    assert plan.needs == "" and plan.strengths == ""


def test_no_form_page_carries_maxlength(login, clinician, coordinator, active_youth, therapy):
    plan = build_plan(active_youth, clinician, therapy)
    draft = actions.note_save(
        youth=active_youth, service_type=therapy, by=clinician, text="Draft", minutes=30,
        setting="office", occurred_at=write_note(active_youth, clinician, therapy).occurred_at,
    )  # fmt: skip
    y = active_youth.pk
    pages = {
        clinician: [
            reverse("services:plan_detail", args=[y, plan.pk]),
            reverse("services:note_new", args=[y]),
            reverse("services:note_detail", args=[y, draft.pk]),
            reverse("services:safety_plan", args=[y]),
            reverse("services:monitoring_new", args=[y]),
            reverse("cases:edit", args=[y]),
        ],
        coordinator: [
            reverse("cases:intake"),
            reverse("cases:discharge", args=[y]),
            reverse("cases:contact_add", args=[y]),
            reverse("cases:alert_add", args=[y]),
        ],
    }
    for user, urls in pages.items():
        client = login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "maxlength" not in body, url
            assert "data-limit=" in body, url


def _limited_inputs_say_their_limit(body):
    """Every input that still carries maxlength (short one-line fields posted from a list) is
    described by a visible note that states that limit, so nobody is cut short without a word."""
    inputs = re.findall(r"<input[^>]*maxlength=\"(\d+)\"[^>]*>", body)
    for tag in re.findall(r"<input[^>]*maxlength=\"\d+\"[^>]*>", body):
        limit = re.search(r'maxlength="(\d+)"', tag).group(1)
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        assert described, tag
        note = re.search(rf'id="{described.group(1)}">([^<]*)<', body)
        assert note and f"{int(limit):,}" in note.group(1), tag
    return len(inputs)


def test_one_line_fields_with_a_limit_state_it(
    login, clinician, oncall, shift_now, active_youth, coordinator
):
    from django.utils import timezone

    from services.models import CrisisCall

    actions.medication_add(
        youth=active_youth, name="Fictionalol", dose="10 mg", prescriber="Dr. Fiction",
        started_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    actions.crisis_call_log(
        youth=active_youth, received_at=timezone.now(), caller_kind=CrisisCall.CallerKind.YOUTH,
        category=CrisisCall.Category.OTHER, description="Fictional call.", response="Talked.",
        disposition=CrisisCall.Disposition.PHONE, follow_up_needed=True, by=oncall,
    )  # fmt: skip
    psychiatric = login(clinician).get(reverse("services:psychiatric", args=[active_youth.pk]))
    calls = login(oncall).get(reverse("services:crisis_calls"))
    assert _limited_inputs_say_their_limit(psychiatric.content.decode()) == 1
    assert _limited_inputs_say_their_limit(calls.content.decode()) == 1
