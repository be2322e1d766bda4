"""Telling the team at once that a foster caregiver reported an incident.

The youth's primary clinician and every on-call clinician whose shift covers the moment of the
report are told, each once, in the app and by e-mail, each in their own language. Subjects name
no one (lock screens, mail logs); the body carries the kind, the record number and a link by id
to the youth's "At home" page. A runaway attempt that opened a missing episode also sends the
missing notice (``placements.missing_notice``): that one carries the 24-hour clock.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import Youth
from cases.reminders import primary_clinician
from chance.accounts.languages import in_language_of
from chance.notifications.actions import notify
from services.missing_audience import oncall_in_shift

from .models import Incident


def recipients(youth_id, now):
    primary = (
        Youth.objects.filter(pk=youth_id)
        .annotate(primary=primary_clinician("pk"))
        .values_list("primary", flat=True)
        .first()
    )
    ids = set(oncall_in_shift(youth_id, now)) | ({primary} if primary else set())
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_incident(incident_id):
    incident = Incident.objects.select_related("youth").get(pk=incident_id)
    url = reverse("frontline:at_home", args=[incident.youth_id])
    sent = []
    with transaction.atomic():
        for person in recipients(incident.youth_id, incident.reported_at):
            with in_language_of(person):
                body = gettext(
                    "%(kind)s reported by the foster home (record %(record)s). Open the youth's "
                    "At home page to read it."
                ) % {"kind": incident.get_kind_display(), "record": incident.youth.record_number}
                if incident.missing_episode_id:
                    body += " " + gettext("A missing episode is open.")
                sent.append(
                    notify(
                        user=person,
                        subject=gettext("A foster home reported an incident"),
                        body=body,
                        url=url,
                    )
                )
    return sent


def notify_incident_on_commit(incident):
    """After the surrounding transaction commits (robust: a failing mail server does not undo
    the report just saved). The id is read then: the caller may register this before the
    incident is saved."""
    transaction.on_commit(lambda: notify_incident(incident.pk), robust=True)
