from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Youths and case teams")

    def ready(self):
        from . import access

        access.register()
        from django.db.models.signals import post_migrate

        from .actions import register_discharge_steps

        register_discharge_steps()

        from .youth_page import YouthTab, register_tab

        post_migrate.connect(restore_lookups, sender=self, dispatch_uid="cases.restore_lookups")
        # Permissions are rebuilt (new ids) whenever the tables are flushed and migrated again.
        post_migrate.connect(access.clear_permission_ids, dispatch_uid="cases.permission_ids")

        register_tab(YouthTab("overview", _("Overview"), "cases:detail", order=0))
        register_tab(YouthTab("team", _("Case team"), "cases:team", order=5))
        register_tab(YouthTab("documents", _("Documents"), "cases:documents", order=40))
        # Hearing dates are for everyone who sees the youth; the outcome is narrower (views).
        register_tab(YouthTab("court", _("Court"), "cases:court", order=28))
        register_tab(
            YouthTab("viewers", _("Who viewed"), "cases:viewers", perm="approve_clinical", order=90)
        )


def restore_lookups(sender, using="default", **kwargs):
    """Put the seeded lookup tables back if they are empty (after a flush, as tests do).

    Only an empty table is refilled, so a program's own curation survives every migrate."""
    from importlib import import_module

    from django.apps import apps

    from .models import ExploitationType

    if not ExploitationType.objects.using(using).exists():
        import_module("cases.migrations.0002_seed_lookups").seed(apps, None)
