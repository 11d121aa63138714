"""A user's notifications, newest first. Nobody reads another user's: every read is of one user."""

from django.db.models import QuerySet

from coalition.models import User

from ..models import Notificatie


def notifications_of(user: User) -> QuerySet[Notificatie]:
    """What the list shows of each notification, newest first."""
    return (
        Notificatie.objects.filter(user=user)
        .only("pk", "text", "url", "created_at", "read_at")
        .order_by("-created_at", "-pk")
    )


def notification_of(user: User, pk: int) -> Notificatie | None:
    """The user's notification with this pk; None for anyone else's (so its existence is not told either)."""
    return Notificatie.objects.filter(pk=pk, user=user).first()
