"""Personas every test uses, built through the real actions.

clinician (on the case), clinician2 (not on the case), coordinator, supervisor (supervises both
clinicians), oncall, support (home support staff), admin (program admin).
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from tests import factories


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache: rate-limit counters and cached grants live there
    (and user ids repeat from one test database to the next)."""
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL or start it)")
    skip_redis = pytest.mark.skip(reason="needs Redis (set REDIS_URL or start it)")
    for item in items:
        if "postgres" in item.keywords and not settings.POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_AVAILABLE:
            item.add_marker(skip_redis)


@pytest.fixture
def supervisor(db):
    return factories.make_user("supervisor", roles.SUPERVISOR)


@pytest.fixture
def clinician(db, supervisor):
    return factories.make_user("clinician", roles.CLINICIAN, supervisor=supervisor)


@pytest.fixture
def clinician2(db, supervisor):
    return factories.make_user("clinician2", roles.CLINICIAN, supervisor=supervisor)


@pytest.fixture
def coordinator(db, supervisor):
    return factories.make_user("coordinator", roles.COORDINATOR, supervisor=supervisor)


@pytest.fixture
def oncall(db, supervisor):
    return factories.make_user("oncall", roles.ONCALL, roles.CLINICIAN, supervisor=supervisor)


@pytest.fixture
def support(db, supervisor):
    return factories.make_user("support", roles.SUPPORT, supervisor=supervisor)


@pytest.fixture
def admin_user(db):
    return factories.make_user("admin", roles.ADMIN, is_staff=True)


@pytest.fixture
def youth(db, coordinator, clinician):
    """A referred youth with `clinician` as primary clinician (`supervisor` supervises them)."""
    youth = factories.refer_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    return youth


@pytest.fixture
def login(client):
    """Log a persona in on the test client: ``login(clinician)``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def shift_now(db, oncall, admin_user):
    """`oncall` on a primary shift covering now (the ground of their access to active youths)."""
    from datetime import timedelta

    from django.utils import timezone

    from services.actions import oncall_shift_create
    from services.models import OnCallShift

    now = timezone.now()
    return oncall_shift_create(
        user=oncall,
        role=OnCallShift.Role.PRIMARY,
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
        by=admin_user,
    )


@pytest.fixture(autouse=True)
def _audit_witness(settings, tmp_path):
    """Each test has its own witness file (audit checkpoints written outside the database): the
    test database is rolled back or flushed after each test, the file would outlive it."""
    settings.AUDIT_WITNESS_FILE = str(tmp_path / "audit-witness.jsonl")


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    """Each test stores uploaded documents in its own folder (returned), for the same reason:
    the rows are rolled back, the files would stay."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    return tmp_path / "documents"


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in Spanish or Haitian Creole leaves its language active on the thread, as
    Django's middleware does in a server; each test starts and ends in English."""
    translation.activate("en")
    yield
    translation.deactivate()
