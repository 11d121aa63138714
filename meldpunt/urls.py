"""All addresses of the meldpunt. The public web form is `/melden/`, its privacy statement `/privacy/`; staff and
partner pages are under `/meldpunt/`. Cases are addressed by their number: `/meldpunt/meldingen/ME-2026-00123/`."""

from django.urls import include, path

from .views import (
    case,
    checkfirst,
    inbox,
    intake,
    measurements,
    notifications,
    partner,
    privacy,
    public,
    referrals,
    trackrecord,
    unmet_needs,
    worklist,
)

app_name = "meldpunt"

urlpatterns = [
    path("melden/", include(public.urlpatterns)),
    path("privacy/", public.privacy, name="privacy"),
    path(
        "meldpunt/",
        include(
            worklist.urlpatterns
            + intake.urlpatterns
            + partner.urlpatterns
            + case.urlpatterns
            + checkfirst.urlpatterns
            + measurements.urlpatterns
            + privacy.urlpatterns
            + referrals.urlpatterns
            + inbox.urlpatterns
            + notifications.urlpatterns
            + trackrecord.urlpatterns
            + unmet_needs.urlpatterns
        ),
    ),
]
