"""The 24-hour clock of a missing episode (P.L. 113-183), in words for the episode page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone


def _words(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes and not days:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) or "less than a minute"


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


def deadline(label, due_at, done_at, now) -> Deadline:
    if done_at is not None:
        late = done_at > due_at
        words = f"made {_words(done_at - due_at)} late" if late else "made in time"
        return Deadline(label, due_at, done_at, "done late" if late else "done", words)
    left = due_at - now
    if left.total_seconds() >= 0:
        return Deadline(label, due_at, None, "due", f"{_words(left)} left")
    return Deadline(label, due_at, None, "overdue", f"overdue by {_words(left)}")


def report_clock(episode, now=None) -> list[Deadline]:
    """Both reports (law enforcement, NCMEC) and, after the return, the debrief."""
    now = now or timezone.now()
    out = [
        deadline(
            "Report to law enforcement",
            episode.reports_due_at,
            episode.law_enforcement_reported_at,
            now,
        ),
        deadline("Report to NCMEC", episode.reports_due_at, episode.ncmec_reported_at, now),
    ]
    if episode.returned_at is not None:
        out.append(deadline("Return debrief", episode.debrief_due_at, episode.debrief_at, now))
    return out
