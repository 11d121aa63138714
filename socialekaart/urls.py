from django.urls import path

from . import views

app_name = "socialekaart"

urlpatterns = [
    path("mijn-organisaties/", views.partner_index, name="partner_index"),
]
