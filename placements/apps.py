from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Homes and placements")

    def ready(self):
        from . import access

        access.register()
        from .missing_notice import register_coordinators

        register_coordinators()
        from cases.discharge import register_discharge_step

        from .actions import discharge_ends_placements, discharge_refused_while_missing

        register_discharge_step("placements.missing", discharge_refused_while_missing, order=10)
        register_discharge_step("placements.placements", discharge_ends_placements, order=30)
        from cases.youth_page import YouthTab, register_tab

        register_tab(
            YouthTab("placements", _("Placements"), "placements:youth_placements", order=20)
        )
        register_tab(
            YouthTab("missing", _("Missing episodes"), "placements:youth_missing", order=25)
        )
        from cases.youth_state import register_youth_state

        from .selectors import missing_states

        register_youth_state("missing", missing_states)
        from cases.glance import register_glance_fact

        from .glance import lives_in

        register_glance_fact("placements.lives_in", lives_in)
