"""Accounts that people make themselves: an initiative registers to apply for a subsidy, with e-mail verification.

Users and organisations belong to coalition, so the account is made here; the app that offers registration (today
subsidies) gives the e-mails' templates and the link of its confirmation page, so nothing here names an app.

- `register_applicant` makes an inactive user with role AANVRAGER and a new organisation (kind "overig", not a
  coalition member) that the user acts for, and queues an e-mail with a link to confirm the address. An address that
  already has an account changes nothing and gets an e-mail saying so (with a fresh link if that account was never
  confirmed): the page looks the same either way, so the form does not tell who has an account.
- `activate_with_token` activates the account behind a link. The token's hash includes `is_active`, so a link
  works once: after activation every earlier link is spent. It expires after PASSWORD_RESET_TIMEOUT.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..models import Organisatie, Role, User
from .outbox import absolute_url, enqueue_email, render_email

# (uidb64, token) -> the path of the page that confirms the address.
ConfirmPath = Callable[[str, str], str]


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """A token for one activation: it is only valid while the account is inactive and its password unchanged."""

    key_salt = "coalition.services.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()


@dataclass(frozen=True)
class RegistrationMail:
    """What the registering app says: its templates (outbox.render_email prefixes) and where the link goes."""

    confirm_template: str
    existing_template: str
    confirm_path: ConfirmPath
    login_path: str
    topic: str
    context: dict[str, Any]


def confirmation_link(user: User, confirm_path: ConfirmPath) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(confirm_path(uidb64, activation_token.make_token(user)))


def _never_confirmed(user: User) -> bool:
    """An applicant's account that waits for its first confirmation (not one a beheerder switched off)."""
    return not user.is_active and user.last_login is None and user.role == Role.AANVRAGER


@transaction.atomic
def register_applicant(
    *, full_name: str, email: str, organisation_name: str, password: str, mail: RegistrationMail
) -> User | None:
    """Make the inactive applicant and their organisation and queue the confirmation e-mail. Returns the new user,
    or None when the address already had an account (that address gets an e-mail instead; nothing else changes).
    A taken organisation name is a ValidationError on `organisation_name` (the form checks it first)."""
    address = User.objects.normalize_email(email.strip()).lower()
    existing = User.objects.filter(email__iexact=address).first()
    if existing is not None:
        _tell_existing(existing, mail)
        return None
    name = " ".join(organisation_name.split())
    if not organisation_name_is_free(name, address):
        raise ValidationError({"organisation_name": organisation_name_taken()})
    try:
        with transaction.atomic():  # a savepoint: the same address or name registered at the same moment
            organisatie = Organisatie.objects.create(name=name, kind=Organisatie.Kind.OVERIG)
            user = User.objects.create_user(
                address, password, full_name=" ".join(full_name.split()), role=Role.AANVRAGER, is_active=False
            )
    except IntegrityError:
        existing = User.objects.filter(email__iexact=address).first()
        if existing is None:
            raise ValidationError({"organisation_name": organisation_name_taken()}) from None
        _tell_existing(existing, mail)
        return None
    user.organisaties.add(organisatie)
    context = {
        **mail.context,
        "user": user,
        "organisatie": organisatie,
        "link": confirmation_link(user, mail.confirm_path),
    }
    subject, body = render_email(mail.confirm_template, context)
    enqueue_email(to=user.email, subject=subject, body=body, topic=mail.topic)
    return user


def organisation_name_is_free(name: str, email: str) -> bool:
    """No organisation has this name yet (in any capitals). The organisation of an earlier registration with the
    same address that was never confirmed does not count: registering again (the link got lost) must not be refused
    because of the first attempt; it gets the e-mail for an address that has an account."""
    taken = Organisatie.objects.filter(name__iexact=" ".join(name.split()))
    own_waiting = taken.filter(
        users__email__iexact=email.strip(),
        users__role=Role.AANVRAGER,
        users__is_active=False,
        users__last_login__isnull=True,
    )
    return not taken.exists() or own_waiting.exists()


def organisation_name_taken() -> str:
    return _(
        "Er staat al een organisatie met deze naam in Omzien. Werkt u voor die organisatie? Vraag dan de coördinator "
        "om een account. Of maak de naam duidelijker, bijvoorbeeld met de naam van uw wijk of plaats erbij."
    )


def _tell_existing(user: User, mail: RegistrationMail) -> None:
    """The address has an account: say so to that address, with a fresh confirmation link if it never was confirmed."""
    waiting = _never_confirmed(user)
    context = {
        **mail.context,
        "user": user,
        "waiting": waiting,
        "link": confirmation_link(user, mail.confirm_path) if waiting else "",
        "login_link": absolute_url(mail.login_path),
    }
    subject, body = render_email(mail.existing_template, context)
    enqueue_email(to=user.email, subject=subject, body=body, topic=mail.topic)


@transaction.atomic
def activate_with_token(*, uidb64: str, token: str) -> User | None:
    """Activate the account of a valid confirmation link; None for a link that is wrong, spent or expired."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.select_for_update().filter(pk=pk).first()
    if user is None or not _never_confirmed(user) or not activation_token.check_token(user, token):
        return None
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    return user


def token_is_valid(*, uidb64: str, token: str) -> bool:
    """Whether a confirmation link would still work (for the page that asks to confirm), without using it."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return False
    user = User.objects.filter(pk=pk).first()
    return user is not None and _never_confirmed(user) and activation_token.check_token(user, token)
