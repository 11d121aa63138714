from django.shortcuts import render
from django.utils import timezone

from ..models import Regeling


def index(request):
    """The open calls, for everyone (no log-in): an initiative finds them here and registers to apply."""
    now = timezone.now()
    calls = Regeling.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")
    return render(request, "subsidies/index.html", {"calls": calls})
