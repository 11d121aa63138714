from django.urls import path

from .views import public, reports

app_name = "subsidies"

urlpatterns = [
    # Public: the open calls and registering as an initiative.
    path("", public.index, name="index"),
    # The applicant.
    # reports: the reports after the grant (the coördinator reads them and accepts or sends them back), and the
    # project's activity on the sociale kaart.
    path("rapportages/", reports.reports, name="reports"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/", reports.report, name="report"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/accepteren/", reports.report_accept, name="report_accept"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/wijzigen/", reports.report_changes, name="report_changes"),
    path("aanvraag/<int:pk>/sociale-kaart/", reports.publish, name="publish"),
    # The committee.
    # The coördinator.
]
