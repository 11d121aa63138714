from django.urls import path

from . import views

app_name = "meldpunt"

urlpatterns = [
    path("", views.index, name="index"),
]
