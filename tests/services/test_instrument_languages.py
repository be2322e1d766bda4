"""Our own instruments in three languages (issue 18); CRAFFT keeps its authors' words."""

import copy

import pytest
from django.urls import reverse
from django.utils import timezone

from services import instrument_text, scoring
from services.instrument_files import read_definitions
from services.models import Assessment
from services.scoring import DefinitionError

SHIPPED = {defn["code"]: defn for _name, defn in read_definitions()}


@pytest.mark.parametrize("code", ["csec-indicators", "protective-factors"])
@pytest.mark.parametrize("lang", ["es", "ht"])
def test_every_text_of_our_instruments_is_translated(code, lang):
    english = SHIPPED[code]
    assert instrument_text.languages(english) == ["en", "es", "ht"]
    text = instrument_text.localized(english, lang)
    pairs = [(a["text"], b["text"]) for a, b in zip(english["items"], text["items"], strict=True)]
    pairs += [
        (a["label"], b["label"]) for a, b in zip(english["sections"], text["sections"], strict=True)
    ]
    pairs += [
        (a["label"], b["label"])
        for a, b in zip(english["subscales"], text["subscales"], strict=True)
    ]
    pairs += [(english["name"], text["name"])]
    assert all(theirs and theirs != ours for ours, theirs in pairs)
    # The English definition itself is left as it was loaded.
    assert english == {d["code"]: d for _name, d in read_definitions()}[code]


def test_crafft_is_given_in_english_only():
    crafft = SHIPPED["crafft"]
    assert instrument_text.languages(crafft) == ["en"]
    assert instrument_text.localized(crafft, "es") is crafft


@pytest.mark.parametrize("lang", ["es", "ht"])
def test_a_translation_scores_as_the_english_does(lang):
    english = SHIPPED["csec-indicators"]
    answers = {item["key"]: 0 for item in english["items"]}
    answers["e_controller"] = 1
    ours = scoring.score(english, answers)
    theirs = scoring.score(instrument_text.localized(english, lang), answers)
    assert ours.primary == theirs.primary
    assert ours.severity == theirs.severity == "high"
    # The level is stored in English and read in the reader's language.
    assert instrument_text.level_in(english, ours.level, lang) == theirs.level
    assert theirs.level != ours.level


def _broken(change):
    defn = copy.deepcopy(SHIPPED["protective-factors"])
    change(defn)
    return defn


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["translations"]["es"]["items"].pop("res_1"), "missing ['res_1']"),
        (lambda d: d["translations"]["ht"]["items"].update(zz="?"), "unknown ['zz']"),
        (lambda d: d["translations"]["es"]["scales"]["rating"].pop(), "one label per option"),
        (lambda d: d["translations"].update(fr=d["translations"]["es"]), "unknown language"),
        (lambda d: d["translations"]["es"]["levels"].popitem(), "levels must translate"),
    ],
)
def test_an_incomplete_translation_is_refused_with_what_is_wrong(change, message):
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        instrument_text.validate_translations(_broken(change))
    instrument_text.validate_translations(SHIPPED["protective-factors"])


@pytest.mark.django_db
def test_the_translated_versions_are_the_active_ones():
    from services.models import Instrument

    active = {i.code: i.version for i in Instrument.objects.filter(active=True)}
    assert active["csec-indicators"] == active["protective-factors"] == "1.1"


@pytest.mark.django_db
def test_an_instrument_is_named_and_its_level_read_in_the_readers_language():
    from django.utils import translation

    from services.models import Instrument

    csec = Instrument.objects.get(code="csec-indicators", active=True)
    crafft = Instrument.objects.get(code="crafft", active=True)
    level = csec.definition["overrides"][0]["level"]
    with translation.override("ht"):
        assert csec.title == "Lis verifikasyon endikatè CSEC"
        assert csec.level_text(level).startswith("Gen yon endikatè eksplwatasyon")
        assert crafft.title == crafft.name  # CRAFFT keeps its authors' name
    with translation.override("en"):
        assert (csec.title, csec.level_text(level)) == (csec.name, level)


def _post(client, youth, instrument, language, **extra):
    data = {
        "administered_on": timezone.localdate().isoformat(),
        "action": "final",
        "confirm": "on",
        "language": language,
        **{f"item_{item['key']}": 0 for item in instrument.definition["items"]},
        **extra,
    }
    return client.post(reverse("services:assessment_new", args=[youth.pk, instrument.pk]), data)


def test_a_clinician_gives_the_csec_checklist_in_creole_and_it_is_recorded(
    login, clinician, active_youth, csec
):
    client = login(clinician)
    new = reverse("services:assessment_new", args=[active_youth.pk, csec.pk])
    page = client.get(new + "?lang=ht").content.decode()
    creole = csec.definition["translations"]["ht"]["items"]["e_controller"]
    assert creole in page and 'name="language" value="ht"' in page
    assert '<strong aria-current="true" lang="ht">Kreyòl ayisyen</strong>' in page
    assert '<section lang="ht">' in page and '<a href="?lang=es" lang="es">Español</a>' in page
    english = client.get(new).content.decode()
    assert creole not in english and csec.definition["items"][0]["text"] in english

    response = _post(client, active_youth, csec, "ht", item_e_controller=1)
    assert response.status_code == 302
    assessment = Assessment.objects.get(youth=active_youth)
    assert (assessment.language, assessment.severity) == ("ht", "high")
    # Stored in English; read in the reader's language, and the record says what was used.
    assert assessment.level.startswith("Exploitation indicator present")
    detail = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Kreyòl ayisyen" in detail
    assert "Hay un indicador de explotación" in detail


def test_crafft_cannot_be_recorded_in_a_language_its_authors_did_not_publish(
    login, clinician, active_youth, crafft
):
    client = login(clinician)
    page = client.get(reverse("services:assessment_new", args=[active_youth.pk, crafft.pk]))
    assert b"Questions in:" not in page.content
    response = _post(client, active_youth, crafft, "es")
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    assert not Assessment.objects.filter(youth=active_youth).exists()


def test_the_outsider_cannot_give_an_assessment_in_any_language(
    login, clinician2, active_youth, csec
):
    client = login(clinician2)
    new = reverse("services:assessment_new", args=[active_youth.pk, csec.pk])
    assert client.get(new + "?lang=es").status_code == 404
    assert _post(client, active_youth, csec, "es").status_code == 404
    assert not Assessment.objects.filter(youth=active_youth).exists()
