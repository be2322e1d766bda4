from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from chance.reminders import engine
from chance.reminders.models import Reminder, ReminderSnooze
from tests import factories


def _overdue_screening(coordinator, hours_ago=30):
    youth = factories.refer_youth(
        by=coordinator, received_at=timezone.now() - timedelta(hours=hours_ago)
    )
    engine.sweep()
    return youth


def test_my_due_work_lists_my_reminders_grouped_by_day(login, coordinator):
    youth = _overdue_screening(coordinator)
    page = login(coordinator).get(reverse("reminders:due_work"))
    assert page.status_code == 200
    assert b"CSEC screening" in page.content
    assert youth.record_number.encode() in page.content
    assert b"Overdue" in page.content


def test_each_piece_of_due_work_links_to_where_it_is_done(login, coordinator):
    from tests.placements.conftest import make_home

    home = make_home(by=coordinator, code="H-93", alarm_tested_days_ago=40)
    youth = _overdue_screening(coordinator)
    page = login(coordinator).get(reverse("reminders:due_work")).content.decode()
    # A home's work has no youth to link: its label leads to the home.
    assert (
        f'<a href="{reverse("placements:home_detail", args=[home.pk])}">Home alarm test</a>' in page
    )
    assert f'<a href="{reverse("cases:detail", args=[youth.pk])}">CSEC screening</a>' in page


def test_someone_elses_due_work_is_not_shown(login, coordinator, clinician):
    youth = _overdue_screening(coordinator)
    page = login(clinician).get(reverse("reminders:due_work"))
    assert youth.record_number.encode() not in page.content


def test_snooze_needs_a_reason_and_is_kept(login, coordinator):
    _overdue_screening(coordinator)
    reminder = Reminder.objects.get(level="overdue")
    client = login(coordinator)
    until = (timezone.localtime() + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("reminders:snooze", args=[reminder.pk]), {"until": until})
    assert page.status_code == 200 and b"This field is required" in page.content
    reminder.refresh_from_db()
    assert reminder.snoozed_until is None

    page = client.post(
        reverse("reminders:snooze", args=[reminder.pk]),
        {"until": until, "reason": "Waiting for the caseworker's call back"},
    )
    assert page.status_code == 302
    snooze = ReminderSnooze.objects.get(reminder=reminder)
    assert snooze.by == coordinator and "caseworker" in snooze.reason


def test_snooze_refuses_more_than_a_week(login, coordinator):
    _overdue_screening(coordinator)
    reminder = Reminder.objects.get(level="overdue")
    until = (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    page = login(coordinator).post(
        reverse("reminders:snooze", args=[reminder.pk]), {"until": until, "reason": "later"}
    )
    assert b"at most 7 days" in page.content


def test_outsider_cannot_snooze_or_read_someone_elses_reminder(login, coordinator, clinician2):
    _overdue_screening(coordinator)
    reminder = Reminder.objects.get(level="overdue")
    client = login(clinician2)
    assert client.get(reverse("reminders:snooze", args=[reminder.pk])).status_code == 404
    assert client.post(reverse("reminders:mark_read", args=[reminder.pk])).status_code == 404


def test_mark_read(login, coordinator):
    _overdue_screening(coordinator)
    reminder = Reminder.objects.get(level="overdue")
    login(coordinator).post(reverse("reminders:mark_read", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_the_mark_read_button_on_due_work_marks_that_reminder_read(login, coordinator):
    import re

    _overdue_screening(coordinator)
    reminder = Reminder.objects.get(level="overdue")
    client = login(coordinator)
    page = client.get(reverse("reminders:due_work")).content.decode()
    # One shared form carries the CSRF token; each row's button names its reminder's action.
    rows = page[page.index("<tbody") : page.index("</tbody>")]
    assert "<form" not in rows and 'id="mark-read"' in page
    actions = re.findall(r'form="mark-read" formaction="([^"]+)"', page)
    assert actions == [reverse("reminders:mark_read", args=[reminder.pk])]
    client.post(actions[0])
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    assert 'formaction="' not in client.get(reverse("reminders:due_work")).content.decode()


def test_supervisor_sees_team_overdue_and_clinicians_cannot(
    login, coordinator, supervisor, clinician
):
    youth = _overdue_screening(coordinator, hours_ago=60)
    page = login(supervisor).get(reverse("reminders:team_overdue"))
    assert page.status_code == 200
    assert youth.record_number.encode() in page.content
    # The escalated screening links to where it is done, as on My due work.
    link = f'<a href="{reverse("cases:detail", args=[youth.pk])}">CSEC screening</a>'
    assert link in page.content.decode()
    assert login(clinician).get(reverse("reminders:team_overdue")).status_code == 403


def test_due_work_query_count_is_flat(login, coordinator, django_assert_max_num_queries):
    client = login(coordinator)
    for _ in range(5):
        _overdue_screening(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("reminders:due_work"))
    for _ in range(45):
        factories.refer_youth(by=coordinator, received_at=timezone.now() - timedelta(hours=30))
    engine.sweep()
    with django_assert_max_num_queries(12):
        client.get(reverse("reminders:due_work"))


def _reminder(user, *, due_in, record_number):
    from django.contrib.contenttypes.models import ContentType

    return Reminder.objects.create(
        rule="csec_screening",
        target_type=ContentType.objects.get_for_model(Reminder),
        target_id=1,
        youth_id=1,
        record_number=record_number,
        recipient=user,
        due_at=timezone.now() + due_in,
        level=Reminder.Level.DUE_SOON,
    )


def test_due_work_shows_the_next_two_weeks_and_counts_the_rest(login, coordinator):
    _reminder(coordinator, due_in=timedelta(days=-3), record_number="R-OVERDUE")
    _reminder(coordinator, due_in=timedelta(days=13), record_number="R-SOON")
    _reminder(coordinator, due_in=timedelta(days=30), record_number="R-LATER")
    page = login(coordinator).get(reverse("reminders:due_work")).content.decode()
    assert "R-OVERDUE" in page and "R-SOON" in page
    assert "R-LATER" not in page and "Not shown: 1 more open reminder," in page


def test_due_work_is_capped_and_counts_what_it_leaves_out(coordinator):
    from chance.reminders import selectors

    for i in range(3):
        _reminder(coordinator, due_in=timedelta(days=-i), record_number=f"R-{i}")
    days, snoozed, more = selectors.due_work_by_day(coordinator, limit=2)
    shown = [r.record_number for _, items in days for r in items]
    assert shown == ["R-2", "R-1"] and more == 1 and snoozed == []


def test_work_with_no_page_of_its_own_is_not_a_link_and_its_email_points_to_the_list(db):
    from chance.reminders.delivery import message_for

    staff_training = Reminder(
        rule="placements.staff_training", target_id=1, level="overdue", due_at=timezone.now()
    )
    assert staff_training.work_url == ""
    assert message_for(staff_training)[2] == reverse("reminders:due_work")
    alarm = Reminder(rule="placements.alarm_test", target_id=7, level="overdue")
    assert alarm.work_url == reverse("placements:home_detail", args=[7])
