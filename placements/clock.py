"""The 24-hour clock of a missing episode (P.L. 113-183), in words for the episode page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# What the page writes for each state (the state itself is a key the page's colours read).
STATE_LABELS = {
    "done": pgettext_lazy("deadline state", "Done"),
    "done late": pgettext_lazy("deadline state", "Done late"),
    "due": pgettext_lazy("deadline state", "Due"),
    "overdue": _("Overdue"),
}


def _words(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    return " ".join(parts) or gettext("less than a minute")


@dataclass
class Deadline:
    label: str
    due_at: datetime
    done_at: datetime | None
    state: str  # "done", "done late", "due", "overdue"
    words: str

    @property
    def urgent(self):
        return self.state in ("overdue", "done late")

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def deadline(label, due_at, done_at, now) -> Deadline:
    if done_at is not None:
        late = done_at > due_at
        if late:
            words = pgettext("report", "made %(time)s late") % {"time": _words(done_at - due_at)}
        else:
            words = pgettext("report", "made in time")
        return Deadline(label, due_at, done_at, "done late" if late else "done", words)
    left = due_at - now
    if left.total_seconds() >= 0:
        return Deadline(
            label, due_at, None, "due", gettext("%(time)s left") % {"time": _words(left)}
        )
    return Deadline(
        label, due_at, None, "overdue", gettext("overdue by %(time)s") % {"time": _words(left)}
    )


def report_clock(episode, now=None) -> list[Deadline]:
    """Both reports (law enforcement, NCMEC) and, after the return, the debrief."""
    now = now or timezone.now()
    out = [
        deadline(
            gettext("Report to law enforcement"),
            episode.reports_due_at,
            episode.law_enforcement_reported_at,
            now,
        ),
        deadline(
            gettext("Report to NCMEC"), episode.reports_due_at, episode.ncmec_reported_at, now
        ),
    ]
    if episode.returned_at is not None:
        out.append(
            deadline(gettext("Return debrief"), episode.debrief_due_at, episode.debrief_at, now)
        )
    return out
