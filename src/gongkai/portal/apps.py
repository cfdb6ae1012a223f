"""The public face: the list of bodies and each body's 政府信息公开专栏."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from gongkai.portal import signals

        signals.connect(self)
