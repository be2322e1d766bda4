from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "chance.reminders"
    label = "reminders"
    verbose_name = "Monitoring reminders"

    def ready(self):
        # Each domain app registers its rules in its own reminders.py; the engine imports none.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
