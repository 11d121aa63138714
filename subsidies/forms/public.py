"""Registering as a new initiative (views/public.py); the account itself is made by coalition.services.accounts."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from coalition.crispy import CrispyMixin
from coalition.forms import EMAIL_ERRORS, EMAIL_MAX_LENGTH, NewPasswordForm
from coalition.models import Role, User
from coalition.services.accounts import organisation_name_is_free, organisation_name_taken


class RegistrationForm(CrispyMixin, forms.Form):
    """Name, e-mail address, the organisation's name and a password (twice, checked by AUTH_PASSWORD_VALIDATORS).
    Every field is needed, so no label says "(verplicht)"."""

    mark = None
    error_intro = _("Wat u typte is bewaard (behalve de wachtwoorden). Kijk bij:")

    full_name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Vul uw naam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Hierheen sturen wij een link. Met die link bevestigt u uw e-mailadres."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    organisation_name = forms.CharField(
        label=_("Naam van uw organisatie of initiatief"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Bewonersgroep De Posten. Hiervoor vraagt u subsidie aan."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Vul de naam van uw organisatie of initiatief in.")},
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
        error_messages={"required": _("Kies een wachtwoord.")},
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Typ hetzelfde wachtwoord nog een keer. Zo weten we zeker dat er geen tikfout in zit."),
        error_messages={"required": _("Typ het wachtwoord nog een keer.")},
    )

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())

    @sensitive_variables("first", "second")
    def clean(self):
        cleaned = super().clean()
        name, email = cleaned.get("organisation_name"), cleaned.get("email")
        if name and email and not organisation_name_is_free(name, email):
            self.add_error("organisation_name", forms.ValidationError(organisation_name_taken(), code="taken"))
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("De twee wachtwoorden zijn niet hetzelfde. Typ twee keer hetzelfde wachtwoord."),
                    code="password_mismatch",
                ),
            )
        elif first:
            someone = User(
                email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "", role=Role.AANVRAGER
            )
            try:
                password_validation.validate_password(first, someone)
            except forms.ValidationError as error:
                messages = NewPasswordForm.validator_messages
                self.add_error(
                    "password1",
                    [
                        forms.ValidationError(messages[item.code], code=item.code, params=item.params)
                        if item.code in messages
                        else item
                        for item in error.error_list
                    ],
                )
        return cleaned
