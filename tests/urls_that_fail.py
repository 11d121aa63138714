from django.urls import path

from coalition.urls import handler403, handler404, handler500  # noqa: F401


def broken(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("kapot/", broken)]
