from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Wraparound services"

    def ready(self):
        from cases.youth_page import YouthTab, register_tab

        for key, label, url_name, order in (
            ("assessments", "Assessments", "services:assessments", 30),
            ("plans", "Plans", "services:plans", 31),
            ("notes", "Notes", "services:notes", 32),
            ("monitoring", "Monitoring", "services:monitoring", 33),
            ("safety", "Safety plan", "services:safety_plan", 34),
            ("psychiatric", "Psychiatric", "services:psychiatric", 35),
        ):
            register_tab(YouthTab(key, label, url_name, perm="view_clinical", order=order))
