"""Links for long tables: one reverse() per kind of link instead of one per row."""

from django.urls import reverse

_PK_MARK = 2_147_483_647


def url_around_pk(name, *before) -> dict:
    """``name``'s URL split around its pk, for ``{{ u.prefix }}{{ pk }}{{ u.suffix }}`` in a
    template row. ``name`` takes the arguments ``before`` (fixed for every row), then the pk."""
    prefix, suffix = reverse(name, args=[*before, _PK_MARK]).split(str(_PK_MARK))
    return {"prefix": prefix, "suffix": suffix}


def url_for_pk(around: dict, pk) -> str:
    """The URL of ``pk`` from a ``url_around_pk`` split, for rows built in Python."""
    return f"{around['prefix']}{pk}{around['suffix']}"
