"""Whose youths a report counts. One decision, used by every report and CSV."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chance.access import Need, program_youths, visible_youths
from chance.accounts import roles


@dataclass(frozen=True)
class Scope:
    user: object  # whose scope it is
    label: str  # what the reports count, read in "These reports count …"
    youths: QuerySet | None  # None: the whole program
    clinical: bool  # may see assessment scores
    part2: bool  # may see substance-use (42 CFR Part 2) service counts

    def filter(self, qs, field="youth"):
        """``qs`` narrowed to the scope's youths (a subquery, not a list of ids)."""
        if self.youths is None:
            return qs
        return qs.filter(**{f"{field}__in": self.youths.values("pk")})

    def youths_counted(self) -> QuerySet:
        """The youths the report counts: the scope's, or the whole program's as the access policy
        gives it to program roles (reports of the program show counts, never a youth)."""
        return program_youths(self.user) if self.youths is None else self.youths

    @property
    def is_program(self):
        return self.youths is None


def scope_for(user) -> Scope | None:
    """Supervisors and admins: the program. Coordinators: program counts, no clinical scores.
    Clinicians: the youths whose clinical records they may see (their caseload). Others: none."""
    part2 = user.has_perm("cases.view_part2")
    if user.has_role(roles.SUPERVISOR, roles.ADMIN):
        return Scope(user, _("the whole program"), None, clinical=True, part2=part2)
    if user.has_role(roles.COORDINATOR):
        return Scope(user, _("the whole program"), None, clinical=False, part2=False)
    if user.has_role(roles.CLINICIAN):
        return Scope(
            user,
            _("your caseload"),
            visible_youths(user, Need.CLINICAL),
            clinical=True,
            part2=part2,
        )
    return None


def require_scope(user, *, clinical=False) -> Scope:
    """The user's scope, or 404 (reports do not exist for roles without one)."""
    scope = scope_for(user)
    if scope is None or (clinical and not scope.clinical):
        raise Http404("No such report")
    return scope
