from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chance.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="chance.sync_role_permissions")
