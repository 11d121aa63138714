from django.urls import path

from .views import applicant, calls, committee, eligibility, files, public, ranking, reports
from .views import grants as grant_views

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
    path("aanvraag/<int:pk>/", applicant.application, name="application"),
    path("aanvraag/<int:pk>/onderdeel/<slug:section>/", applicant.section, name="section"),
    path("aanvraag/<int:pk>/bijlagen/", applicant.attachments, name="attachments"),
    path("aanvraag/<int:pk>/indienen/", applicant.submit, name="submit"),
    path("aanvraag/<int:pk>/intrekken/", applicant.withdraw, name="withdraw"),
    path("bijlage/<int:pk>/verwijderen/", applicant.attachment_remove, name="attachment_remove"),
    path("bijlage/<int:pk>/", files.attachment, name="attachment"),
    # reports: the reports after the grant (the coördinator reads them and accepts or sends them back), and the
    # project's activity on the sociale kaart.
    path("rapportages/", reports.reports, name="reports"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/", reports.report, name="report"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/accepteren/", reports.report_accept, name="report_accept"),
    path("aanvraag/<int:pk>/rapportage/<int:rapport_pk>/wijzigen/", reports.report_changes, name="report_changes"),
    path("aanvraag/<int:pk>/sociale-kaart/", reports.publish, name="publish"),
    # The committee.
    path("commissie/", committee.index, name="committee"),
    path("commissie/aanvraag/<int:pk>/", committee.application, name="committee_application"),
    path("commissie/aanvraag/<int:pk>/verklaren/", committee.declare, name="committee_declare"),
    path("commissie/aanvraag/<int:pk>/beoordelen/", committee.review, name="committee_review"),
    path("commissie/<slug:slug>/", committee.call, name="committee_call"),
    # The coördinator.
    path("beheer/", calls.index, name="coordinator_calls"),
    path("beheer/aanvraag/<int:pk>/", eligibility.application, name="coordinator_application"),
    path("beheer/aanvraag/<int:pk>/ontvankelijk/", eligibility.eligible, name="coordinator_eligible"),
    path("beheer/aanvraag/<int:pk>/niet-ontvankelijk/", eligibility.ineligible, name="coordinator_ineligible"),
    path("beheer/aanvraag/<int:pk>/aanvulling/", eligibility.request_information, name="coordinator_information"),
    path("beheer/<slug:slug>/", calls.call, name="coordinator_call"),
    path("beheer/<slug:slug>/ranglijst/", ranking.ranking, name="ranking"),
    path("beheer/<slug:slug>/ranglijst.xlsx", ranking.export, name="ranking_export"),
    # grants: allocation, the decision, a granted subsidy's payments and settlement (views/grants.py); the decision
    # letter, which the applicant's organisation reads too.
    path("beheer/aanvraag/<int:pk>/toewijzen/", grant_views.allocate, name="grant_allocate"),
    path("beheer/aanvraag/<int:pk>/besluit/", grant_views.decide, name="grant_decide"),
    path("beheer/aanvraag/<int:pk>/subsidie/", grant_views.detail, name="grant_detail"),
    path("beheer/aanvraag/<int:pk>/betaling/", grant_views.payment, name="grant_payment"),
    path("beheer/aanvraag/<int:pk>/vaststellen/", grant_views.settle, name="grant_settle"),
    path("aanvraag/<int:pk>/beschikking/", grant_views.letter, name="grant_letter"),
    path("aanvraag/<int:pk>/beschikking.pdf", grant_views.letter_pdf_view, name="grant_letter_pdf"),
]
