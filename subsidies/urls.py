from django.urls import path

from .views import calls, committee, eligibility, public, ranking

app_name = "subsidies"

urlpatterns = [
    # Public: the open calls and registering as an initiative.
    path("", public.index, name="index"),
    # The applicant.
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
]
