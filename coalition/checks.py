"""The project's own system checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_only_while_developing(app_configs, **kwargs):
    """DEMO_MODE shows demo log-ins and invented people: never on a server that real people use."""
    if settings.DEMO_MODE and not settings.DEBUG:
        return [
            Error(
                "DEMO_MODE staat aan terwijl DEBUG uit staat: dit lijkt een echte server.",
                hint="Zet DEMO_MODE=false (of gebruik de demo alleen lokaal, met DEBUG=true).",
                id="omzien.E001",
            )
        ]
    return []
