from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChanceConfig(AppConfig):
    name = "chance"
    verbose_name = "CHANCE case manager"

    def ready(self):
        # The roof of the house may use every app: the printable summary is a youth tab too.
        from cases.youth_page import YouthTab, register_tab

        register_tab(
            YouthTab(
                "summary", _("Printable summary"), "reports:youth_summary", "view_clinical", 80
            )
        )
