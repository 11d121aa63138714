"""Staff intake: a phone call or a desk visit logged on one page, with a check for an open case of the same person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ..forms.intake import OWNER_ME, IntakeForm
from ..permissions import staff_required
from ..queries.worklist import meldpunten_for_user
from ..services import audit
from ..services.intake import register_intake


@staff_required
def intake(request):
    """One keyboard-friendly page. A possible duplicate is shown above the form until staff choose."""
    meldpunten = list(meldpunten_for_user(request.user))
    if not meldpunten:
        return render(request, "meldpunt/intake/form.html", {"form": None})
    form = IntakeForm(request.POST if request.method == "POST" else None, meldpunten=meldpunten)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            melding = register_intake(
                data["meldpunt"],
                form.signal_data(),
                by=request.user,
                owner=request.user if data["owner"] == OWNER_ME else None,
                follow_up_on=data["follow_up_on"],
                attach_to=data["attach_to"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["attach_to"] is not None:
                messages.success(request, _("Het signaal is toegevoegd aan melding %(n)s.") % {"n": melding.number})
            else:
                messages.success(request, _("Melding %(n)s is opgeslagen.") % {"n": melding.number})
            return redirect("meldpunt:case", melding.number)
    if form.duplicates:
        # The warning shows the names of other open cases: reads of those cases.
        audit.log_list_view(
            request.user, [(other.pk, other.number) for other in form.duplicates], _("mogelijk dubbel bij invoer")
        )
    return render(request, "meldpunt/intake/form.html", {"form": form})


urlpatterns = [path("nieuw/", intake, name="intake")]
