"""Telling people at once that a youth is missing: the moment an episode opens.

``placements.actions.missing_episode_open`` (every path: the youth's page, a crisis call, an
alarm) calls :func:`notify_missing_on_commit`; once the episode is committed, each of the people
who must act is told once, in the app and by e-mail: the youth's primary clinician, the
supervisor escalations go to (``cases.reminders.team_supervisor``), the care coordinator
(:func:`coordinators`) and the on-call clinicians whose shift covers now. The on-call rota lives
in ``services``, above this app, so it registers its audience here
(:func:`register_missing_audience`, in ``ServicesConfig.ready``); this app registers the
coordinators' in ``PlacementsConfig.ready``.

Subjects name no one (they show on lock screens and in mail logs); the body carries the record
number and a link by id to the youth's missing page. Each person is written to in their own
language (``chance.accounts.languages.in_language_of``): subjects are kept as functions until
then.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import CaseAssignment, Youth
from cases.reminders import primary_clinician, team_supervisor
from chance.accounts import roles
from chance.accounts.languages import in_language_of
from chance.notifications.actions import notify

from .models import MissingEpisode

# A function of (youth id, moment) giving the ids of users to tell, and the subject they get.
Audience = Callable[[int, object], list[int]]
_AUDIENCES: dict[str, tuple[int, Audience, Callable[[], str]]] = {}


def register_missing_audience(key: str, users: Audience, subject: Callable[[], str], order=50):
    """``users(youth_id, now)``: ids of users to tell; ``subject()``: what their notice says
    (translated when sent). A person told twice over is told once: as the case team if they
    are on it, else by the lowest ``order``."""
    _AUDIENCES[key] = (order, users, subject)


def _case_team(youth_id) -> list[tuple[int, Callable[[], str]]]:
    """The primary clinician and the team's supervisor, each with their subject (one query)."""
    row = (
        Youth.objects.filter(pk=youth_id)
        .annotate(primary=primary_clinician("pk"), supervisor=team_supervisor("pk"))
        .values_list("primary", "supervisor")
        .first()
    ) or (None, None)
    subjects = (
        lambda: gettext("A youth on your caseload is missing"),
        lambda: gettext("A youth your team serves is missing"),
    )
    return [(pk, subject) for pk, subject in zip(row, subjects, strict=True) if pk]


def coordinators(youth_id, now) -> list[int]:
    """The care coordinator on the youth's team; with none assigned, every active care
    coordinator. They place youths and answer for the homes, and an episode an alarm opened at
    night was seen by no one in the office: someone there must know, whoever the team is."""
    team = list(
        CaseAssignment.objects.filter(
            youth_id=youth_id, role=CaseAssignment.Role.CARE_COORDINATOR, ended_on__isnull=True
        ).values_list("user_id", flat=True)
    )
    if team:
        return team
    return list(
        get_user_model()
        .objects.filter(groups__name=roles.COORDINATOR, is_active=True)
        .values_list("pk", flat=True)
    )


def register_coordinators():
    register_missing_audience(
        "coordinator", coordinators, lambda: gettext("A youth in the program is missing"), order=40
    )


def recipients(youth_id, now) -> list[tuple[object, Callable[[], str]]]:
    """(user, subject) for each active person to tell, each once: the case team first, then the
    registered audiences in their order. ``subject()`` gives it in the active language."""
    chosen: dict[int, Callable[[], str]] = {}
    for pk, subject in _case_team(youth_id):
        chosen.setdefault(pk, subject)
    for _order, users, subject in sorted(_AUDIENCES.values(), key=lambda a: a[0]):
        for pk in users(youth_id, now):
            chosen.setdefault(pk, subject)
    people = get_user_model().objects.filter(pk__in=chosen, is_active=True).order_by("pk")
    return [(person, chosen[person.pk]) for person in people]


def notify_missing(episode_id):
    """Tell everyone :func:`recipients` names that the episode's youth is missing."""
    episode = MissingEpisode.objects.select_related("youth").get(pk=episode_id)
    if episode.returned_at is not None:
        return []
    url = reverse("placements:youth_missing", args=[episode.youth_id])

    def tell(person, subject):
        with in_language_of(person):
            body = gettext(
                "%(since)s (record %(record)s). Law enforcement and NCMEC must be told within 24 "
                "hours of the last sighting. Open the youth's missing page for the reports and "
                "the return."
            ) % {"since": episode.missing_since, "record": episode.youth.record_number}
            return notify(user=person, subject=subject(), body=body, url=url)

    # Every in-app notice first, in one transaction; the e-mails go when it commits.
    with transaction.atomic():
        return [
            tell(person, subject)
            for person, subject in recipients(episode.youth_id, episode.opened_at)
        ]


def notify_missing_on_commit(episode):
    """After the surrounding transaction commits (a rolled-back episode tells no one). Robust:
    a mail server that fails is logged and does not undo or hide the episode just recorded."""
    episode_id = episode.pk
    transaction.on_commit(lambda: notify_missing(episode_id), robust=True)
