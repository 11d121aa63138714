from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from coalition.models import Organisatie, Role
from coalition.permissions import role_required
from coalition.queries import organisaties_for_user


@role_required(Role.PARTNER, Role.COORDINATOR)
def partner_index(request):
    """A partner's organisations (a coördinator sees all), where their activities will be kept."""
    if request.user.role == Role.COORDINATOR:
        organisaties = Organisatie.objects.order_by("name")
    else:
        organisaties = organisaties_for_user(request.user)
    organisaties = organisaties.prefetch_related("contactpersonen")
    page = Paginator(organisaties, 25).get_page(request.GET.get("pagina"))
    return render(request, "socialekaart/partner_index.html", {"page": page})


urlpatterns = [
    path("mijn-organisaties/", partner_index, name="partner_index"),
]
