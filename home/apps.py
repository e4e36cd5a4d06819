"""App configuration for the home page."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
