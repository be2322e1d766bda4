from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Wraparound services"

    def ready(self):
        from . import access

        access.register()
        from django.db.models.signals import post_migrate

        from . import missing_audience

        missing_audience.register()

        from cases.youth_page import YouthTab, register_tab
        from chance.nav import register_reach

        from .selectors import may_see_crisis_calls

        register_reach("services:crisis_calls", may_see_crisis_calls)

        post_migrate.connect(
            restore_catalogue, sender=self, dispatch_uid="services.restore_catalogue"
        )

        for key, label, url_name, order in (
            ("assessments", _("Assessments"), "services:assessments", 30),
            ("plans", _("Plans"), "services:plans", 31),
            ("notes", _("Notes"), "services:notes", 32),
            ("monitoring", _("Monitoring"), "services:monitoring", 33),
            ("safety", _("Safety plan"), "services:safety_plan", 34),
            ("psychiatric", _("Psychiatric"), "services:psychiatric", 35),
        ):
            register_tab(YouthTab(key, label, url_name, perm="view_clinical", order=order))

        from cases.glance import register_glance_fact

        from . import glance

        register_glance_fact("services.plan", glance.plan)
        register_glance_fact("services.last_contact", glance.last_contact)
        register_glance_fact("services.scores", glance.scores)


def restore_catalogue(sender, using="default", **kwargs):
    """Put the service types and shipped instruments back if the tables were emptied (a flush,
    as transactional tests do). Only an empty catalogue is refilled."""
    from .catalogue import ensure_catalogue
    from .models import ServiceType

    if not ServiceType.objects.using(using).exists():
        ensure_catalogue()
