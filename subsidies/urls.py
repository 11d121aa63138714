from django.urls import path

from .views import applicant, files, public

app_name = "subsidies"

urlpatterns = [
    # Public: the open calls and registering as an initiative.
    path("", public.index, name="index"),
    path("regeling/<slug:slug>/", public.call, name="call"),
    path("registreren/", public.register, name="register"),
    path("registreren/verstuurd/", public.register_sent, name="register_sent"),
    path("registreren/bevestigen/<uidb64>/<token>/", public.register_confirm, name="register_confirm"),
    # The applicant.
    path("mijn-aanvragen/", applicant.my_applications, name="my_applications"),
    path("regeling/<slug:slug>/aanvragen/", applicant.start, name="start"),
    path("aanvragen/<int:pk>/", applicant.application, name="application"),
    path("aanvragen/<int:pk>/onderdeel/<slug:section>/", applicant.section, name="section"),
    path("aanvragen/<int:pk>/bijlagen/", applicant.attachments, name="attachments"),
    path("aanvragen/<int:pk>/indienen/", applicant.submit, name="submit"),
    path("aanvragen/<int:pk>/intrekken/", applicant.withdraw, name="withdraw"),
    path("bijlagen/<int:pk>/verwijderen/", applicant.attachment_remove, name="attachment_remove"),
    path("bijlagen/<int:pk>/", files.attachment, name="attachment"),
    # The committee.
    # The coördinator.
]
