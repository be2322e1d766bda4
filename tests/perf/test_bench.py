"""The benchmark's data builder and page harness at a tiny size, so neither can rot unnoticed.

Runs in the test database (never the bench one): 20 youths through the same COPY stream as
`make bench`, then every measured page once.
"""

import pytest
from django.db import connection

from benchmarks import harness
from benchmarks.build import HISTORY_PER_YOUTH, Builder, Scale, history_count
from cases.models import Youth, YouthUserObjectPermission
from chance.audit import chain
from services.models import ProgressNote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

YOUTHS = 20
NOTES = 10


@pytest.fixture
def built(db):
    result = Builder(Scale(YOUTHS, notes_per_youth=NOTES, seed=7), log=lambda *_: None).run()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # every foreign key of the stream holds
    return result


def test_builder_makes_the_requested_scale(built):
    assert Youth.objects.count() == YOUTHS
    assert ProgressNote.objects.count() == YOUTHS * NOTES
    assert history_count() == YOUTHS * HISTORY_PER_YOUTH
    assert built.counts["youths"] == YOUTHS
    assert YouthUserObjectPermission.objects.exists()
    assert Youth.objects.filter(record_number__startswith="BENCH-").count() == YOUTHS


def test_access_log_chain_built_in_the_stream_verifies(built):
    report = chain.verify()
    assert report.rows == built.counts["access_log"] > 0
    assert report.ok, report.problem


def test_new_rows_after_the_build_get_fresh_ids(built):
    youth = Youth.objects.order_by("id").first()
    note = ProgressNote.objects.filter(youth=youth).first()
    note.pk = None
    note.status = ProgressNote.Status.DRAFT
    note.signed_at = None
    note.save()
    assert note.pk > YOUTHS * NOTES


def test_page_harness_returns_every_page_with_its_floor(built):
    rows = harness.measure_pages(repeat=1, warmup=0, log=lambda *_: None)
    assert [r["page"] for r in rows] == [
        spec.name for spec in harness.page_specs(harness.pick_personas())
    ]
    for row in rows:
        assert set(harness.ROW_KEYS) <= set(row), row["page"]
        assert row["status"] == 200 and row["floor_status"] == 200, row["page"]
        # A floor is one query of its own; served, it also pays what every signed-in request
        # pays (the empty view's queries), and nothing more.
        assert row["bare_floor_queries"] == 1, row["page"]
        assert row["floor_queries"] == row["empty_queries"] + 1, row["page"]
        assert row["queries"] > 0, row["page"]
    search = next(r for r in rows if r["page"] == "youth list (search)")
    assert search["admin_status"] == 200 and search["admin_queries"] > 0
