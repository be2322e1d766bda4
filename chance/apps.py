from django.apps import AppConfig


class ChanceConfig(AppConfig):
    name = "chance"
    verbose_name = "CHANCE case manager"
