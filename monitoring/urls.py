from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.index, name="index"),
    path("monitoring/export/<slug:key>.<str:fmt>", views.export, name="export"),
    path("monitoring/kwartaalrapportage/", views.report, name="report"),
    path("monitoring/kwartaalrapportage.pdf", views.report_pdf, name="report_pdf"),
    path("monitoring/onze-cijfers/", views.our_figures, name="our_figures"),
    path("voortgang/", views.public_progress, name="progress"),
]
