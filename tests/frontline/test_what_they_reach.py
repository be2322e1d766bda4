"""No progress note, assessment, plan, Part 2 or court text on any page the foster caregiver or
the survivor mentor reaches (issue 19). The demo is seeded; each login follows every link it is
shown from its home page, breadth-first, each route once (as tests/e2e/test_every_page.py does);
every page it opens is searched for every clinical text the demo holds."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import Resolver404, reverse

from cases.models import Referral, Youth
from tests.chance.test_every_page_translated import _follow, english_on
from tests.e2e.test_every_page import MAX_PAGES, NOT_FOLLOWED, route_of

# Everything the services app holds is clinical except what a foster home needs (the safety
# plan) and the catalogues and rota.
NOT_CLINICAL = {"safetyplan", "servicetype", "instrument", "oncallshift"}
SHORTEST = 8  # shorter values ("Yes", a score) would match page chrome


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def clinical_texts():
    """Every text value of every clinical record of the demo, and the youths' court numbers
    and referral narratives."""
    found = set()
    for model in apps.get_app_config("services").get_models():
        name = model._meta.model_name
        if name in NOT_CLINICAL or name.startswith("historical"):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                found.update(s.strip() for s in _strings(value) if len(s.strip()) >= SHORTEST)
    found.update(
        Youth.objects.exclude(court_case_number="").values_list("court_case_number", flat=True)
    )
    for text in Referral.objects.values_list("reason", flat=True):
        if text and len(text) >= SHORTEST:
            found.add(text.strip())
    return found


def reach(client):
    """Every page the signed-in user reaches from the home page: {route: html}."""
    pages, queue, seen = {}, ["/"], {"home"}
    while queue:
        path = queue.pop(0)
        assert len(seen) <= MAX_PAGES, sorted(seen)
        response = client.get(path, follow=True)
        if response.status_code >= 400 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in english_on(html, set())[2]:
            target = _follow(href)
            if target is None:
                continue
            try:
                name = route_of(target.split("?")[0])
            except Resolver404:
                continue
            if name not in seen and name not in NOT_FOLLOWED:
                seen.add(name)
                queue.append(target)
    return pages


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("username", ["caregiver", "mentor"])
def test_no_clinical_text_on_any_page_they_reach(client, demo, username):
    texts = clinical_texts()
    assert len(texts) > 20, "the demo holds clinical text to look for"
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    pages = reach(client)
    mine = "frontline:care" if username == "caregiver" else "frontline:mentoring"
    assert any(route_of(p.split("?")[0]) == mine for p in pages), sorted(pages)
    leaks = {path: [t for t in texts if t in html] for path, html in pages.items()}
    assert {path: found for path, found in leaks.items() if found} == {}
    # Nor the record's own pages, nor the legal surname or record number of the youth.
    youths = Youth.objects.filter(pk__in=_youth_ids(pages))
    for youth in youths:
        for path, html in pages.items():
            assert youth.record_number not in html, path
            assert youth.legal_last_name not in html, path
    assert reverse("cases:list") not in pages


def _youth_ids(pages):
    ids = set()
    for path in pages:
        parts = path.strip("/").split("/")
        if parts[:2] == ["home", "youth"] and parts[2].isdigit():
            ids.add(int(parts[2]))
    return ids


def test_the_search_finds_clinical_text_where_it_is_shown(client, demo):
    """The twin: the same texts are found on the clinician's pages, so the search above would
    see a leak."""
    client.force_login(get_user_model().objects.get(username="clinician"))
    pages = reach(client)
    texts = clinical_texts()
    assert any(t in html for html in pages.values() for t in texts)
