from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chance.text import visible_text

from . import roles


def name_of(first_name, last_name, username) -> str:
    """How a staff member is named on every page (``str(user)``): full name, else username.
    For rows read as columns, without a User instance."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A staff member. Roles are groups; who supervises whom is a plain foreign key."""

    # As AbstractUser's, and like every name in CHANCE free of invisible characters.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[visible_text]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[visible_text]
    )

    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
        help_text=_("The supervisor who reviews this staff member's work."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The language of every page, e-mail and printable summary for this user. Blank: the
    # browser's, and English for e-mail (chance.accounts.languages).
    language = models.CharField(
        _("language"), max_length=8, blank=True, choices=settings.LANGUAGES, default=""
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return name_of(self.first_name, self.last_name, self.username)

    @property
    def role_names(self) -> frozenset[str]:
        from .grants import grants_for

        return grants_for(self).roles

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names.intersection(names))

    @property
    def is_clinician(self):
        return self.has_role(roles.CLINICIAN)

    @property
    def is_coordinator(self):
        return self.has_role(roles.COORDINATOR)

    @property
    def is_supervisor(self):
        return self.has_role(roles.SUPERVISOR)

    @property
    def is_oncall(self):
        return self.has_role(roles.ONCALL)

    @property
    def is_support_staff(self):
        return self.has_role(roles.SUPPORT)

    @property
    def is_program_admin(self):
        return self.has_role(roles.ADMIN)
