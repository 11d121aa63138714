"""The public pages of subsidies (no log-in): the open calls, one call in full, and registering as a new initiative
with e-mail verification (the account itself: coalition.services.accounts)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from coalition.models import Role
from coalition.services import accounts

from ..forms.public import RegistrationForm
from ..queries import public as reads
from ._forms import add_service_error

APPLICANT_ROLES = (Role.PARTNER, Role.AANVRAGER)


def index(request):
    """The open calls, for everyone (no log-in): an initiative finds them here and registers to apply."""
    return render(request, "subsidies/public/index.html", {"calls": reads.open_calls()})


def call(request, slug):
    """One call in full: what it is for, the criteria and what each point means, the conditions, the documents, the
    reporting rules, and how to apply (log in, or register first). A closed call says it closed."""
    regeling = reads.call(slug)
    if regeling is None:
        raise Http404
    now = timezone.now()
    start_url = reverse("subsidies:start", kwargs={"slug": regeling.slug})
    user = request.user
    return render(
        request,
        "subsidies/public/call.html",
        {
            "regeling": regeling,
            "is_open": regeling.is_open(now),
            "not_yet": now < regeling.opens_at,
            "criteria": list(regeling.criteria.all()),
            "total_weight": sum(criterium.weight for criterium in regeling.criteria.all()),
            "start_url": start_url,
            "login_url": f"{reverse('coalition:login')}?{urlencode({'next': start_url})}",
            "can_apply": user.is_authenticated and user.has_role(*APPLICANT_ROLES),
        },
    )


def _registration_mail() -> accounts.RegistrationMail:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return accounts.RegistrationMail(
        confirm_template="subsidies/email/registration",
        existing_template="subsidies/email/already_registered",
        confirm_path=lambda uidb64, token: reverse("subsidies:register_confirm", args=[uidb64, token]),
        login_path=f"{reverse('coalition:login')}?{urlencode({'next': reverse('subsidies:my_applications')})}",
        topic="subsidies.registratie",
        context={"valid_days": max(hours // 24, 1)},
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
def register(request):
    """A new initiative makes an account (inactive until the e-mail address is confirmed). Whether the address
    already had one, the next page is the same: the e-mail tells."""
    if request.user.is_authenticated:
        return redirect("coalition:start")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.register_applicant(
                full_name=data["full_name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                password=data["password1"],
                mail=_registration_mail(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("subsidies:register_sent")
    return render(request, "subsidies/public/register.html", {"form": form})


def register_sent(request):
    return render(request, "subsidies/public/register_sent.html")


@never_cache
def register_confirm(request, uidb64, token):
    """The link in the e-mail. GET asks to confirm with a button (a mail program that opens links by itself does not
    use the link up); POST activates the account. A wrong, used or expired link gets a page that says so."""
    login_url = f"{reverse('coalition:login')}?{urlencode({'next': reverse('subsidies:my_applications')})}"
    if request.method == "POST":
        user = accounts.activate_with_token(uidb64=uidb64, token=token)
        template = "subsidies/public/register_done.html" if user else "subsidies/public/register_invalid.html"
        return render(request, template, {"login_url": login_url})
    if not accounts.token_is_valid(uidb64=uidb64, token=token):
        return render(request, "subsidies/public/register_invalid.html", {"login_url": login_url})
    return render(request, "subsidies/public/register_confirm.html")
