from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Homes and placements"

    def ready(self):
        from . import access

        access.register()
        from cases.youth_page import YouthTab, register_tab

        register_tab(YouthTab("placements", "Placements", "placements:youth_placements", order=20))
        register_tab(YouthTab("missing", "Missing episodes", "placements:youth_missing", order=25))
        from cases.youth_state import register_youth_state

        from .selectors import missing_states

        register_youth_state("missing", missing_states)
