"""URLs for the benchmark command only: the project's URLs plus a bare view as the ceiling."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare/", bare, name="bench_bare"),
    path("", include("coalition.urls")),
]
