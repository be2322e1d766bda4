from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Youths and case teams"

    def ready(self):
        from .youth_page import YouthTab, register_tab

        register_tab(YouthTab("overview", "Overview", "cases:detail", order=0))
        register_tab(YouthTab("team", "Case team", "cases:team", order=5))
        register_tab(
            YouthTab("viewers", "Who viewed", "cases:viewers", perm="approve_clinical", order=90)
        )
