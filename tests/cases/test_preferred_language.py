"""A youth's preferred language is a choice from the list, with "Other" named (issue 18)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from cases.models import Youth
from tests import factories

IDENTITY = {
    "legal_first_name": "Ana",
    "legal_last_name": "Youth",
    "date_of_birth": "2011-05-01",
    "custody_status": "dependency",
}


def test_other_without_its_name_is_refused_next_to_the_field(login, clinician, youth):
    edit = reverse("cases:edit", args=[youth.pk])
    response = login(clinician).post(edit, {**IDENTITY, "language": "other"})
    assert response.status_code == 400
    assert "Name the language." in response.context["form"].errors["language_other"]
    youth.refresh_from_db()
    assert youth.language == "en"


def test_other_with_its_name_is_saved_and_shown(login, clinician, youth):
    client = login(clinician)
    edit = reverse("cases:edit", args=[youth.pk])
    response = client.post(edit, {**IDENTITY, "language": "other", "language_other": "Quiché"})
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.language, youth.language_name) == ("other", "Quiché")
    page = client.get(reverse("cases:detail", args=[youth.pk]))
    assert "Quiché" in page.content.decode()


def test_a_listed_language_drops_a_stale_other_name(login, clinician, youth):
    edit = reverse("cases:edit", args=[youth.pk])
    data = {**IDENTITY, "language": "ht", "language_other": "Quiché"}
    assert login(clinician).post(edit, data).status_code == 302
    youth.refresh_from_db()
    assert (youth.language, youth.language_other, youth.language_name) == (
        "ht",
        "",
        "Haitian Creole",
    )


def test_the_outsider_cannot_change_the_language(login, clinician2, youth):
    edit = reverse("cases:edit", args=[youth.pk])
    assert login(clinician2).post(edit, {**IDENTITY, "language": "es"}).status_code == 404
    youth.refresh_from_db()
    assert youth.language == "en"


@pytest.mark.django_db
def test_the_database_refuses_other_without_a_name(youth):
    with pytest.raises(IntegrityError), transaction.atomic():
        Youth.objects.filter(pk=youth.pk).update(language="other", language_other="")


def test_free_text_languages_become_the_list(coordinator):
    migration = import_module("cases.migrations.0011_youth_preferred_language")
    said = {"English": "en", " spanish ": "es", "Kreyòl": "ht", "Tagalog": "other"}
    youths = [factories.refer_youth(by=coordinator) for _text in said]
    for row, text in zip(youths, said, strict=True):
        Youth.objects.filter(pk=row.pk).update(language=text)
    migration.to_codes(apps, None)
    got = [Youth.objects.get(pk=row.pk) for row in youths]
    assert [row.language for row in got] == list(said.values())
    assert got[-1].language_other == "Tagalog"
