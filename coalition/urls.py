from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .views import accounts, health, public

coalition_patterns = [
    path("favicon.ico", public.favicon, name="favicon"),
    path("mijn/", public.start, name="start"),
    path("health/", health.health, name="health"),
    path("account/inloggen/", accounts.LoginView.as_view(), name="login"),
    path("account/uitloggen/", accounts.LogoutView.as_view(), name="logout"),
    path("account/tweede-stap/", accounts.second_factor, name="second_factor"),
    path("account/wachtwoord-vergeten/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        accounts.auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord-herstellen/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-herstellen/klaar/",
        accounts.auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include((coalition_patterns, "coalition"))),
    path("", include("meldpunt.urls")),
    path("", include("socialekaart.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("", include("monitoring.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Everyone logs in through our page, which knows the second factor and the lockout.
    path("admin/login/", RedirectView.as_view(pattern_name="coalition:login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler400 = "coalition.views.errors.bad_request"
handler403 = "coalition.views.errors.permission_denied"
handler404 = "coalition.views.errors.page_not_found"
handler500 = "coalition.views.errors.server_error"
