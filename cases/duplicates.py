"""Possible duplicates at intake: is the youth being referred already on a record?

A second record of one child splits her history (alerts, no-contact orders, who saw her last), so
intake shows the existing records that may be the same child before it creates one. The check
looks past what a referral gets wrong: typos and transpositions ("Avry Exampel"), first and last
names swapped, nicknames and short forms ("Liz" for Elizabeth, "Ave" for Avery), double and
hyphenated surnames, accents ("José"/"Jose"), street names (``Youth.aliases``), and a date of
birth typed with the day and month swapped, a year off, or a few days off.

Two steps, the same on both databases except for the first:

1. ``candidate_youths``: one query narrows the youths the user may see to a bounded set of
   candidates. PostgreSQL: the pg_trgm similarity operator ``%`` on the upper-cased names (the
   trigram GIN indexes of migration 0007 serve it), OR a date of birth near the typed one (a
   B-tree index), OR a typed name inside an alias. SQLite (the embedded demo): the same date and
   alias tests OR a surname that starts with the same letter (a cheap key; accents folded).
2. ``score``: a pure-Python scorer (rapidfuzz on normalised names, the ``nicknames`` data set,
   the date rules) ranks each candidate, keeps those that pass the rules below and says why in
   words. Being plain Python on plain values, it is what the evaluation tests run directly.

A candidate is shown when (a) a typed name or alias equals one of its aliases (or its name
equals a typed alias), or (b) its date of birth is near and both first and last names are
similar (>= NAME_WITH_DOB; the first name >= FIRST_WITH_SAME_DOB when the date of birth and
the last name are the same), or (c) whatever the date of birth, the first name is the same, a
nickname, a short form or a part of the other (not merely spelled alike) and the last name is
very similar (>= NAME_ALONE): a referral's date of birth is often a guess ("Ave Example").
Twins with alike names share a date of birth and a surname: they are shown, which is right (the
coordinator checks); two children of one common name are shown too (the price of (c)).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, reduce
from operator import or_

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, Func, Q, Value, When
from django.db.models.functions import Greatest, Upper
from django.utils.translation import gettext as _
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from chance.access import Need, visible_youths

NAME_WITH_DOB = 0.75  # each of first and last name, when the date of birth is near
FIRST_WITH_SAME_DOB = 0.7  # first name, when the date of birth and the last name are the same
NAME_ALONE = 0.9  # last name, whatever the date of birth, with a STRONG first-name match
NEAR_DAYS = 7  # "within a few days": a mistyped day
CANDIDATE_LIMIT = 200  # rows the scorer reads at most, most relevant first
SHOWN = 10  # candidates shown on the intake page

# Spanish hypocorisms the English ``nicknames`` data set lacks, for the families this program
# serves. Source: Wikipedia, "Hypocorism", section "Spanish" (common forms only).
SPANISH_NICKNAMES = {
    "jose": {"pepe", "pepito", "che"},
    "francisco": {"paco", "pancho", "frank"},
    "guadalupe": {"lupe", "lupita"},
    "jesus": {"chuy", "chucho"},
    "ignacio": {"nacho"},
    "guillermo": {"memo"},
    "alberto": {"beto"},
    "roberto": {"beto", "tito"},
    "alejandro": {"alex", "ale", "sasha"},
    "alejandra": {"alex", "ale", "sasha"},
    "maria jose": {"majo"},
    "rosario": {"charo"},
    "concepcion": {"concha", "conchita"},
    "dolores": {"lola"},
    "mercedes": {"meche"},
}


# --- normalising ---------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc\u02bb`´]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Casefolded, accents stripped, apostrophes dropped (O'Neil = ONeil, ʻŌhiʻa = Ohia),
    hyphens, dots and runs of spaces made one space: "  Nguyễn-O'Neil " -> "nguyen oneil"."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def _key(normalised: str) -> str:
    return normalised.replace(" ", "")


def split_aliases(aliases) -> list[str]:
    if isinstance(aliases, str):
        aliases = aliases.split(",")
    return [n for n in (normalise(a) for a in aliases or []) if n]


# --- names ---------------------------------------------------------------------------------


@cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def related_by_nickname(a: str, b: str) -> bool:
    """True when one normalised given name is a nickname of the other (either way round)."""
    if not a or not b or a == b:
        return False
    if b in SPANISH_NICKNAMES.get(a, ()) or a in SPANISH_NICKNAMES.get(b, ()):
        return True
    names = _nicknamer()
    return b in names.nicknames_of(a) or b in names.canonicals_of(a)


def spelling(a: str, b: str) -> float:
    """Spelling similarity of two normalised names, 0..1: the better of the Indel ratio and
    the optimal-string-alignment distance (a transposition such as "el"/"le" counts once)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return 0.0
    return max(fuzz.ratio(ka, kb) / 100, OSA.normalized_similarity(ka, kb))


@dataclass(frozen=True)
class NameMatch:
    similarity: float
    reason: str  # one of the REASON_* keys below; words are given by ``_name_words``


SAME, NICKNAME, SHORT_FORM, PART, SPELLED = "same", "nickname", "short", "part", "spelled"
STRONG = frozenset({SAME, NICKNAME, SHORT_FORM, PART})  # a kind of match, not just spelling


def compare_given(typed: str, existing: str) -> NameMatch:
    """How alike two normalised given (first or preferred) names are."""
    if not typed or not existing:
        return NameMatch(0.0, "")
    if _key(typed) == _key(existing):
        return NameMatch(1.0, SAME)
    if related_by_nickname(typed, existing) or any(
        related_by_nickname(t, e) for t in typed.split() for e in existing.split()
    ):
        # "Liz"/"Elizabeth" is a nickname; "Emma"/"Emily", "Angel"/"Angela" are names in their
        # own right that the data set also relates: weaker, and not enough without the DOB.
        close = abs(len(_key(typed)) - len(_key(existing))) < 2
        return NameMatch(0.85 if close else 0.95, NICKNAME)
    short, long = sorted((_key(typed), _key(existing)), key=len)
    if len(short) >= 3 and len(long) >= len(short) + 2 and long.startswith(short):
        return NameMatch(0.9, SHORT_FORM)
    if _shares_a_part(typed, existing):
        return NameMatch(0.9, PART)
    return NameMatch(spelling(typed, existing), SPELLED)


def compare_family(typed: str, existing: str) -> NameMatch:
    """How alike two normalised family names are (double and hyphenated surnames by part)."""
    if not typed or not existing:
        return NameMatch(0.0, "")
    if _key(typed) == _key(existing):
        return NameMatch(1.0, SAME)
    if _shares_a_part(typed, existing):
        return NameMatch(0.9, PART)
    return NameMatch(spelling(typed, existing), SPELLED)


def _shares_a_part(a: str, b: str) -> bool:
    """One name is two or more parts and the other is one of them, or they share a part of at
    least 3 letters ("garcia lopez" / "garcia"; "mary kate" / "kate")."""
    pa, pb = set(a.split()), set(b.split())
    return (len(pa) > 1 or len(pb) > 1) and any(len(p) >= 3 for p in pa & pb)


# --- dates of birth ------------------------------------------------------------------------


def _replace(date: datetime.date, **kwargs):
    try:
        return date.replace(**kwargs)
    except ValueError:
        return None


def dob_variants(dob: datetime.date) -> set[datetime.date]:
    """The single dates (besides the near range) that count as near: day and month swapped,
    the same day and month a year either side."""
    out = {_replace(dob, year=dob.year - 1), _replace(dob, year=dob.year + 1)}
    if dob.day <= 12 and dob.day != dob.month:
        out.add(_replace(dob, month=dob.day, day=dob.month))
    return {d for d in out if d}


def compare_dob(typed, existing) -> tuple[float, str]:
    """(closeness 0..1, the reason in words) of two dates of birth."""
    if not typed or not existing:
        return 0.0, ""
    if typed == existing:
        return 1.0, _("same date of birth")
    if (typed.day, typed.month) == (existing.month, existing.day) and typed.year == existing.year:
        return 0.8, _("date of birth with day and month swapped")
    if (typed.month, typed.day) == (existing.month, existing.day) and abs(
        typed.year - existing.year
    ) == 1:
        return 0.75, _("same birthday, one year apart")
    days = abs((typed - existing).days)
    if days <= NEAR_DAYS:
        return 0.7, _("born %(days)s days apart") % {"days": days}
    return 0.0, ""


# --- one typed referral against one existing youth -----------------------------------------


@dataclass(frozen=True)
class Typed:
    """What intake typed, normalised once."""

    first: str
    last: str
    preferred: str = ""
    aliases: tuple[str, ...] = ()
    dob: datetime.date | None = None

    @classmethod
    def of(cls, *, first_name="", last_name="", preferred_name="", aliases="", date_of_birth=None):
        return cls(
            first=normalise(first_name),
            last=normalise(last_name),
            preferred=normalise(preferred_name),
            aliases=tuple(split_aliases(aliases)),
            dob=date_of_birth,
        )


@dataclass
class Candidate:
    """An existing youth that may be the typed one: a score 0..100 and the reasons in words."""

    youth: object
    score: int
    reasons: list[str] = field(default_factory=list)


def _given_names(first, preferred):
    return [n for n in {first, preferred} if n]


def _name_words(match: NameMatch, which: str, typed: str, existing: str) -> str:
    short, long = sorted((typed, existing), key=len)
    words = {
        SAME: _("same %(which)s name"),
        NICKNAME: _("%(which)s name: %(short)s is a nickname of %(long)s"),
        SHORT_FORM: _("%(which)s name: %(short)s is a short form of %(long)s"),
        PART: _("%(which)s name shares a part (double or hyphenated name)"),
        SPELLED: _("%(which)s name spelled similarly"),
    }[match.reason]
    return words % {"which": which, "short": short.title(), "long": long.title()}


def score(typed: Typed, *, first, last, preferred="", aliases="", dob=None, youth=None):
    """The Candidate this existing youth is for ``typed``, or None when it is not one.
    Plain values in, so the SQLite and PostgreSQL paths (and the tests) share it."""
    e_first, e_last, e_pref = normalise(first), normalise(last), normalise(preferred)
    typed_given = _given_names(typed.first, typed.preferred)
    existing_given = _given_names(e_first, e_pref)

    def given(names_a, names_b):
        best = (NameMatch(0.0, ""), "", "")
        for a in names_a:
            for b in names_b:
                m = compare_given(a, b)
                if m.similarity > best[0].similarity:
                    best = (m, a, b)
        return best

    # Straight: typed first ~ existing first; swapped: typed first ~ existing last.
    straight_first = given(typed_given, existing_given)
    straight_last = compare_family(typed.last, e_last)
    swapped_first = given([typed.first], [e_last]) if typed.first else straight_first
    swapped_last = compare_given(typed.last, e_first)
    straight = (straight_first[0].similarity + straight_last.similarity) / 2
    swapped = (swapped_first[0].similarity + swapped_last.similarity) / 2
    reasons = []
    if swapped > straight + 0.05:
        first_match, last_match = swapped_first[0], swapped_last
        reasons.append(_("first and last names swapped"))
        first_sim, last_sim = first_match.similarity, last_match.similarity
        if NAME_WITH_DOB <= min(first_sim, last_sim) < 1:
            reasons.append(_("names spelled similarly"))
    else:
        (first_match, a, b), last_match = straight_first, straight_last
        first_sim, last_sim = first_match.similarity, last_match.similarity
        if first_match.reason and first_sim >= FIRST_WITH_SAME_DOB:
            reasons.append(_name_words(first_match, _("first"), a, b))
        if last_match.reason and last_sim >= NAME_WITH_DOB:
            reasons.append(_name_words(last_match, _("last"), typed.last, e_last))

    # Aliases: a typed name or alias equal to an existing alias, or a typed alias equal to the
    # existing youth's given name.
    typed_terms = {_key(n) for n in (*typed_given, *typed.aliases)}
    raw_aliases = [a.strip() for a in (aliases or "").split(",") if normalise(a)]
    alias_hits = [raw for raw in raw_aliases if _key(normalise(raw)) in typed_terms]
    typed_alias_keys = {_key(a) for a in typed.aliases}
    alias_hits += [
        raw
        for raw, n in ((first, e_first), (preferred, e_pref))
        if n and _key(n) in typed_alias_keys
    ]
    if alias_hits:
        reasons.append(_("matches an alias (%(alias)s)") % {"alias": alias_hits[0]})

    dob_sim, dob_words = compare_dob(typed.dob, dob)
    name = (first_sim + last_sim) / 2
    shown = (
        bool(alias_hits)
        or (dob_sim > 0 and min(first_sim, last_sim) >= NAME_WITH_DOB)
        or (dob_sim == 1 and last_sim >= 0.9 and first_sim >= FIRST_WITH_SAME_DOB)
        or (first_match.reason in STRONG and first_sim >= 0.9 and last_sim >= NAME_ALONE)
    )
    if not shown:
        return None
    if dob_words:
        reasons.append(dob_words)
    elif typed.dob and dob:
        reasons.append(_("another date of birth"))
    name_part = max(name, 0.9) if alias_hits else name
    return Candidate(
        youth=youth, score=round(100 * (0.6 * name_part + 0.4 * dob_sim)), reasons=reasons
    )


# --- the query -----------------------------------------------------------------------------


def _trigram_similar(column, text):
    """``UPPER(column) % UPPER(text)``: pg_trgm's similarity above pg_trgm.similarity_threshold
    (0.3), written so the GIN index on UPPER(column) serves it."""
    return Q(
        Func(
            Upper(column),
            Value(text.upper()),
            template="%(expressions)s",
            arg_joiner=" %% ",
            output_field=BooleanField(),
        )
    )


def _dob_condition(dob):
    if not dob:
        return Q(pk__in=[])
    near = Q(
        date_of_birth__range=(
            dob - datetime.timedelta(days=NEAR_DAYS),
            dob + datetime.timedelta(days=NEAR_DAYS),
        )
    )
    return near | Q(date_of_birth__in=sorted(dob_variants(dob)))


def _alias_condition(raw_terms):
    return reduce(or_, (Q(aliases__icontains=t) for t in raw_terms), Q(pk__in=[]))


def _spellings(*names):
    """Each name as typed and with accents folded (stored names keep theirs), upper-cased once."""
    return sorted({t.upper() for n in names if n and n.strip() for t in (n, normalise(n)) if t})


def prefilter(*, first_name, last_name, preferred_name, aliases, date_of_birth) -> Q:
    """The SQL condition that keeps the candidates (see the module docstring)."""
    raw_names = [n.strip() for n in (first_name, last_name, preferred_name) if n and n.strip()]
    raw_aliases = [a.strip() for a in (aliases or "").split(",") if a.strip()]
    condition = _dob_condition(date_of_birth) | _alias_condition(
        [n for n in (first_name, preferred_name, *raw_aliases) if n and n.strip()]
    )
    if connection.vendor == "postgresql":
        for text in _spellings(*raw_names):  # any typed name ~ the surname (swaps included)
            condition |= _trigram_similar("legal_last_name", text)
        for text in _spellings(first_name, preferred_name, *raw_aliases):
            condition |= _trigram_similar("legal_first_name", text)
        for text in _spellings(*raw_aliases):
            condition |= _trigram_similar("preferred_name", text)
    else:
        letters = {c for n in raw_names for c in (n[:1].upper(), normalise(n)[:1].upper()) if c}
        for letter in letters:
            condition |= Q(legal_last_name__istartswith=letter)
        for alias in raw_aliases:
            condition |= Q(legal_first_name__iexact=alias) | Q(preferred_name__iexact=alias)
    return condition


def _relevance(*, first_name, last_name, preferred_name, aliases, date_of_birth):
    """A rough SQL order for the prefiltered rows, so that a common surname or alias filling
    CANDIDATE_LIMIT never pushes the best candidates out: a near date of birth, then (on
    PostgreSQL) trigram similarity of the names either way round."""
    near = Case(When(_dob_condition(date_of_birth), then=Value(1.0)), default=Value(0.0))
    if connection.vendor != "postgresql":
        return near

    def sim(column, text):
        return Func(
            Upper(column),
            Value((text or "").upper()),
            function="SIMILARITY",
            output_field=FloatField(),
        )

    straight = sim("legal_first_name", first_name) + sim("legal_last_name", last_name)
    swapped = sim("legal_first_name", last_name) + sim("legal_last_name", first_name)
    return near + Greatest(straight, swapped, output_field=FloatField())


def candidate_youths(user, **typed_fields):
    """The bounded set of youths the user may see (``Need.IDENTITY``) that the scorer reads."""
    return (
        visible_youths(user, Need.IDENTITY)
        .filter(prefilter(**typed_fields))
        .only(
            "pk",
            "record_number",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "aliases",
            "date_of_birth",
            "status",
        )
        .alias(relevance=_relevance(**typed_fields))
        .order_by("-relevance", "pk")[:CANDIDATE_LIMIT]
    )


def possible_duplicates(
    user, *, first_name, last_name, date_of_birth, aliases="", preferred_name="", limit=SHOWN
) -> list[Candidate]:
    """The youths the user may see that may be the typed one, best first: one query.

    Only youths the user could open anyway are considered (``visible_youths``): a warning must
    not tell anyone that a child they could not otherwise see is on a record."""
    fields = {
        "first_name": first_name or "",
        "last_name": last_name or "",
        "preferred_name": preferred_name or "",
        "aliases": aliases if isinstance(aliases, str) else ", ".join(aliases or []),
        "date_of_birth": date_of_birth,
    }
    typed = Typed.of(**fields)
    found = []
    for youth in candidate_youths(user, **fields):
        candidate = score(
            typed,
            first=youth.legal_first_name,
            last=youth.legal_last_name,
            preferred=youth.preferred_name,
            aliases=youth.aliases,
            dob=youth.date_of_birth,
            youth=youth,
        )
        if candidate:
            found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.youth.record_number))
    return found[:limit]
