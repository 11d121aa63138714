"""All addresses of the sociale kaart.

Public addresses are Dutch, stable and printable (they end up in booklets and on posters): `/`,
`/activiteiten/`, `/activiteiten/<slug>/`, `/agenda/`, `/agenda.ics`, `/api/hsds/`. Pages for partners
and coördinators live under `/socialekaart/`.
"""

from django.urls import include, path

from .views import api, coordinator, insight, partner, public

app_name = "socialekaart"

urlpatterns = [
    *public.urlpatterns,
    path("socialekaart/", include(partner.urlpatterns + coordinator.urlpatterns + insight.urlpatterns)),
    path("api/hsds/", include(api.urlpatterns)),
]
