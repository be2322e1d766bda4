"""Reminder rules about missing youths, homes and training (DESIGN.md "Monitoring reminders")."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cases.models import Youth
from cases.reminders import primary_clinician, team_supervisor
from chance.accounts import roles
from chance.reminders.registry import Rule, StartOfDay, register, reminder_setting

from . import rules as readiness
from .models import Caregiver, Home, HomeDocument, MissingEpisode, rules
from .selectors import first_case_dates, staff_training_records

User = get_user_model()
IMMEDIATE = timedelta(0)
NO_YOUTH = Cast(Value(None), output_field=BigIntegerField())


def _at(expression, delta=timedelta(0)):
    return ExpressionWrapper(F(expression) + delta, output_field=DateTimeField())


def _start_of(day, delta=timedelta(0)):
    """The start of the date column ``day`` in the program's time zone, plus ``delta``."""
    return ExpressionWrapper(StartOfDay(day) + delta, output_field=DateTimeField())


def _episodes(*conditions, **filters):
    # Nobody is reminded about a discharged youth (discharge resolves the open reminders; this
    # keeps the next sweep from raising them again).
    return (
        MissingEpisode.objects.filter(*conditions, **filters)
        .exclude(youth__status=Youth.Status.DISCHARGED)
        .annotate(
            reminder_youth_id=F("youth_id"),
            reminder_record_number=F("youth__record_number"),
            reminder_recipient_id=primary_clinician(),
            reminder_supervisor_id=team_supervisor(),
        )
    )


def _missing_reports(now):
    hours = timedelta(hours=rules()["MISSING_REPORT_HOURS"])
    owed = Q(law_enforcement_reported_at__isnull=True) | Q(ncmec_reported_at__isnull=True)
    return _episodes(owed).annotate(reminder_due_at=_at("last_seen_at", hours))


def _episode_url(youth_id, target_id):
    return reverse("placements:episode_detail", args=[target_id])


# P.L. 113-183: a missing child is reported to law enforcement and to NCMEC within 24 hours of
# the program learning of it. One piece of work (the episode page shows which report is still
# owed); the clock starts when the youth was last seen, so the reminder is due at once and
# escalates to the supervisor the moment it is late.
register(
    Rule(
        name="placements.missing_reports",
        label=_("Law-enforcement and NCMEC reports for a missing youth"),
        source="P.L. 113-183 (report within 24 hours)",
        open_work=_missing_reports,
        url=_episode_url,
        due_soon=timedelta(hours=rules()["MISSING_REPORT_HOURS"]),
        escalate_after=IMMEDIATE,
    )
)


register(
    Rule(
        name="placements.return_debrief",
        label=_("Return debrief after a missing episode"),
        source="Program default (72 hours after return)",
        open_work=lambda now: _episodes(
            returned_at__isnull=False, debrief_at__isnull=True
        ).annotate(
            reminder_due_at=_at("returned_at", timedelta(hours=rules()["RETURN_DEBRIEF_HOURS"]))
        ),
        url=_episode_url,
        due_soon=timedelta(hours=rules()["RETURN_DEBRIEF_HOURS"]),
        escalate_after=timedelta(days=1),
    )
)

register(
    Rule(
        name="placements.post_return_screening",
        label=_("CSEC screening after a recovered youth's debrief"),
        source="Fla. Admin. Code 65C-43.001 (24 hours)",
        open_work=lambda now: _episodes(
            debrief_at__isnull=False, screening_at__isnull=True
        ).annotate(
            reminder_due_at=_at(
                "debrief_at", timedelta(hours=reminder_setting("POST_RETURN_SCREENING_HOURS"))
            )
        ),
        url=_episode_url,
        due_soon=timedelta(hours=reminder_setting("POST_RETURN_SCREENING_HOURS")),
        escalate_after=timedelta(days=1),
    )
)


def _coordinator():
    """Homes have no case team: their paperwork goes to the program's care coordinators, the
    longest-serving active one first, whose supervisor is told on escalation."""
    return User.objects.filter(is_active=True, groups__name=roles.COORDINATOR).order_by("pk")


def _home_work(now, **filters):
    coordinator = _coordinator()
    return Home.objects.filter(**filters).annotate(
        reminder_youth_id=NO_YOUTH,
        reminder_record_number=Value(""),
        reminder_recipient_id=Subquery(coordinator.values("pk")[:1]),
        reminder_supervisor_id=Subquery(coordinator.values("supervisor_id")[:1]),
    )


def _home_url(youth_id, target_id):
    return reverse("placements:home_detail", args=[target_id])


register(
    Rule(
        name="placements.alarm_test",
        label=_("Home alarm test"),
        source="Program default (every 30 days)",
        open_work=lambda now: _home_work(
            now,
            status__in=[Home.Status.CERTIFIED, Home.Status.ON_HOLD],
            alarm_installed=True,
            alarm_last_tested_on__isnull=False,
        ).annotate(
            reminder_due_at=_start_of(
                "alarm_last_tested_on", timedelta(days=rules()["ALARM_TEST_DAYS"])
            )
        ),
        url=_home_url,
        about_youth=False,
    )
)

# License renewal checklist at 90, 30 and 7 days before expiry; only the last one goes on to
# overdue and escalation.
_notices = sorted(reminder_setting("LICENSE_NOTICE_DAYS"), reverse=True)
for _days in _notices:
    register(
        Rule(
            name=f"placements.license_renewal_{_days}",
            label=format_lazy(
                ngettext_lazy(
                    "Home license renewal ({days} day's notice)",
                    "Home license renewal ({days} days' notice)",
                    _days,
                ),
                days=_days,
            ),
            source="Program default (90, 30 and 7 days before expiry)",
            open_work=lambda now: _home_work(
                now,
                status__in=[Home.Status.CERTIFIED, Home.Status.ON_HOLD],
                license_expires_on__isnull=False,
            ).annotate(reminder_due_at=_start_of("license_expires_on")),
            url=_home_url,
            about_youth=False,
            due_soon=timedelta(days=_days),
            levels=("due_soon", "overdue", "escalated") if _days == _notices[-1] else ("due_soon",),
        )
    )


def _home_documents_expiring(now):
    """A certified home (or one on hold) whose filed paper runs out: due when the first of its
    documents with an end date expires, unless a newer version of it is filed; told
    ``HOME_DOCUMENT_NOTICE_DAYS`` before. The license is left to the license rules above (its
    date is the home's own); an inactive caregiver's papers no longer count."""
    newer = HomeDocument.objects.filter(series=OuterRef("series"), version__gt=OuterRef("version"))
    first_to_expire = (
        HomeDocument.objects.filter(home=OuterRef("pk"), expires_on__isnull=False)
        .exclude(kind=HomeDocument.Kind.LICENSE)
        .exclude(caregiver__active=False)
        .exclude(Exists(newer))
        .order_by("expires_on")
        .values("expires_on")[:1]
    )
    return (
        _home_work(now, status__in=[Home.Status.CERTIFIED, Home.Status.ON_HOLD])
        .annotate(first_expiry=Subquery(first_to_expire))
        .filter(first_expiry__isnull=False)
        .annotate(reminder_due_at=_start_of("first_expiry"))
    )


register(
    Rule(
        name="placements.home_document_expiry",
        label=_("Home document expiring"),
        source="Program default: a screening, certificate or policy is renewed before it expires",
        open_work=_home_documents_expiring,
        url=lambda youth_id, target_id: reverse("placements:home_documents", args=[target_id]),
        about_youth=False,
        due_soon=timedelta(days=reminder_setting("HOME_DOCUMENT_NOTICE_DAYS")),
    )
)


def _with_due_dates(queryset, due_by_pk):
    """Annotate ``due_at`` from dates computed in Python. Used only where the population is
    staff and caregivers (tens), never youths, and the rule is a calendar computation."""
    if not due_by_pk:
        return queryset.none().annotate(reminder_due_at=Value(None, output_field=DateTimeField()))
    whens = [When(pk=pk, then=Value(due)) for pk, due in due_by_pk.items()]
    return queryset.filter(pk__in=due_by_pk).annotate(
        reminder_due_at=Case(*whens, output_field=DateTimeField())
    )


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _caregiver_training(now):
    """Caregivers of certified homes short of their continuing education for the current
    certification year (Fla. Admin. Code 65C-43.004): due at the end of that year."""
    today = timezone.localdate(now)
    due = {}
    caregivers = (
        Caregiver.objects.filter(active=True, home__certified_on__isnull=False)
        .exclude(home__status=Home.Status.CLOSED)
        .select_related("home")
        .prefetch_related("training")
    )
    for caregiver in caregivers:
        day = readiness.caregiver_education_due(
            list(caregiver.training.all()), certified_on=caregiver.home.certified_on, on=today
        )
        if day is not None:
            due[caregiver.pk] = _midnight(day)
    coordinator = _coordinator()
    return _with_due_dates(Caregiver.objects.all(), due).annotate(
        reminder_youth_id=NO_YOUTH,
        reminder_record_number=Value(""),
        reminder_recipient_id=Subquery(coordinator.values("pk")[:1]),
        reminder_supervisor_id=Subquery(coordinator.values("supervisor_id")[:1]),
    )


register(
    Rule(
        name="placements.caregiver_training",
        label=_("Caregiver continuing education (8 h a year)"),
        source="Fla. Admin. Code 65C-43.004",
        open_work=_caregiver_training,
        url=lambda youth_id, target_id: reverse("placements:board"),
        about_youth=False,
        due_soon=timedelta(days=60),
    )
)


def _staff_training(now):
    """Staff on a case team without their human-trafficking training (6 h before cases: due when
    they joined the first team) or short of the 1 h refresher in the current quarter (due at its
    end) (Fla. Admin. Code 65C-43.005)."""
    today = timezone.localdate(now)
    first_case = first_case_dates()
    records = staff_training_records(list(first_case))
    due = {}
    for user_id, first_case_on in first_case.items():
        day = readiness.staff_training_due(
            records.get(user_id, []), first_case_on=first_case_on, on=today
        )
        if day is not None:
            due[user_id] = _midnight(day)
    return _with_due_dates(User.objects.all(), due).annotate(
        reminder_youth_id=NO_YOUTH,
        reminder_record_number=Value(""),
        reminder_recipient_id=F("pk"),
        reminder_supervisor_id=F("supervisor_id"),
    )


register(
    Rule(
        name="placements.staff_training",
        label=_("Human-trafficking training (6 h before cases, 1 h a quarter)"),
        source="Fla. Admin. Code 65C-43.005",
        open_work=_staff_training,  # no page of its own: the staff member's due-work list
        about_youth=False,
        due_soon=timedelta(days=30),
    )
)
