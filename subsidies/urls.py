from django.urls import path

from .views import public

app_name = "subsidies"

urlpatterns = [
    # Public: the open calls and registering as an initiative.
    path("", public.index, name="index"),
    # The applicant.
    # The committee.
    # The coördinator.
]
