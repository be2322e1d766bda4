from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontlineConfig(AppConfig):
    name = "frontline"
    verbose_name = "The people around the youth"

    def ready(self):
        from cases.youth_page import YouthTab, register_tab
        from chance.access import Need

        from . import access

        access.register()
        register_tab(YouthTab("at_home", _("At home"), "frontline:at_home", Need.SAFETY, 36))
