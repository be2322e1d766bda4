"""Rules marked ``about_youth=False`` are left out of the per-youth reads (``next_due_by_youth``,
``due_work_for_youth``): their open work must indeed never name a youth."""

from django.utils import timezone

from chance.reminders.registry import all_rules
from tests.placements.conftest import make_home


def test_rules_about_homes_and_people_never_name_a_youth(coordinator, youth):
    make_home(by=coordinator, code="H-31", alarm_tested_days_ago=40, license_days_left=5)
    now = timezone.now()
    apart = [rule for rule in all_rules() if not rule.about_youth]
    assert {r.name for r in apart} >= {"placements.alarm_test", "placements.staff_training"}
    assert any(rule.open_work(now).exists() for rule in apart)  # there is work to look at
    for rule in apart:
        assert not rule.open_work(now).filter(reminder_youth_id__isnull=False).exists(), rule.name
