"""The language a youth or a caregiver prefers to be spoken to in.

Not the language CHANCE's pages are in (that is ``User.language``): this is what a clinician
needs before a session, a call or a court date, so an interpreter can be booked. The list holds
the languages of the families the program serves in Miami-Dade; "Other" asks for the name.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chance.text import visible_text


class Spoken(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    PORTUGUESE = "pt", _("Portuguese")
    FRENCH = "fr", _("French")
    ASL = "ase", _("American Sign Language")
    OTHER = "other", _("Other")


def language_field():
    return models.CharField(
        _("preferred language"), max_length=40, choices=Spoken.choices, default=Spoken.ENGLISH
    )


def language_other_field():
    return models.CharField(
        _("other language"),
        max_length=40,
        blank=True,
        validators=[visible_text],
        help_text=_("Its name, when the language is not in the list."),
    )


def other_is_named(name: str) -> models.CheckConstraint:
    """The database's half of the rule: "Other" always carries the language's name."""
    return models.CheckConstraint(
        condition=~Q(language=Spoken.OTHER) | ~Q(language_other=""), name=name
    )


def check_other_named(instance) -> None:
    """The rule in people's words, next to the field (called from the models' ``clean``)."""
    if instance.language == Spoken.OTHER and not instance.language_other.strip():
        raise ValidationError({"language_other": _("Name the language.")})
    if instance.language != Spoken.OTHER:
        instance.language_other = ""


def spoken_name(instance) -> str:
    """What a page shows: the list's name, or the name typed for "Other"."""
    if instance.language == Spoken.OTHER:
        return instance.language_other
    return instance.get_language_display()
