"""The single-youth query's compiled SQL is reused between requests: it must answer exactly what
the ORM would, put in each request's own moment, and step aside for a ground it cannot reuse."""

import datetime

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from cases.break_glass import break_glass_open
from cases.models import Youth
from chance.access import Ground, Need, clause, policy, youth_access
from chance.accounts import roles
from tests import factories

REASON = "The on-call line reports a crisis and the team cannot be reached tonight."


def test_reused_sql_answers_what_the_orm_answers(clinician, clinician2, youth):
    for user in (clinician, clinician2):
        orm = _grants_or_none(user, youth, queryset=Youth.objects.all())
        reused = _grants_or_none(user, youth)
        assert reused == orm
    assert _grants_or_none(clinician, youth) and _grants_or_none(clinician2, youth) is None


def test_each_request_puts_in_its_own_moment(youth, coordinator):
    visitor = factories.make_user("night", roles.ONCALL)
    break_glass_open(youth=youth, by=visitor, reason=REASON)
    assert youth_access(visitor, youth.pk, Need.CLINICAL).reason == "Break-the-glass"
    later = timezone.now() + datetime.timedelta(hours=5)
    with time_machine.travel(later), pytest.raises(Http404):
        fresh = type(visitor).objects.get(pk=visitor.pk)
        youth_access(fresh, youth.pk, Need.CLINICAL)  # same compiled SQL, later moment


def test_a_ground_that_derives_from_now_is_answered_by_the_orm(monkeypatch, clinician2, youth):
    def yesterday_clauses(user, now):
        recent = Youth.objects.filter(created_at__gte=now - datetime.timedelta(days=1))
        yield clause(recent.values("pk"), Need.IDENTITY)

    grounds = dict(policy._GROUNDS, recent=Ground("recent", "Recent", yesterday_clauses))
    monkeypatch.setattr(policy, "_GROUNDS", grounds)
    monkeypatch.setattr(policy, "_REUSED", type(policy._REUSED)())
    assert policy._single_youth_query(clinician2, timezone.now()) is None
    assert youth_access(clinician2, youth.pk).reason == "Recent"


def _grants_or_none(user, youth, **kw):
    fresh = type(user).objects.get(pk=user.pk)
    try:
        return youth_access(fresh, youth.pk, **kw).grants
    except Http404:
        return None
