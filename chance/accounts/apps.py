from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chance.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import languages  # noqa: F401  (teaches Django the name of Haitian Creole)
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="chance.sync_role_permissions")
        self._invalidate_grants_on_change()

    def _invalidate_grants_on_change(self):
        """Any change that can alter someone's roles or role-wide permissions starts a new
        generation of the grants cache (chance.accounts.grants)."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .grants import on_grants_changed as changed

        User = get_user_model()
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(changed, sender=through, dispatch_uid=f"grants-{through}")
        for model in (Group, Permission):
            post_save.connect(changed, sender=model, dispatch_uid=f"grants-save-{model}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"grants-delete-{model}")
