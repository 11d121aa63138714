"""`manage.py demo_logins`: how to log in as each demo user of `manage.py load_demo`.

In demo mode it also prints the (public) demo TOTP key and the code an authenticator app shows right
now, for the roles that need a second factor. Outside demo mode it prints no secrets at all.
"""

from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.demo import data
from coalition.models import SECOND_FACTOR_ROLES, Role, User

NOT_SET = "(niet ingesteld)"


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class Command(BaseCommand):
    help = "Toont de inloggegevens van de demogebruikers (wachtwoord en TOTP-code alleen in demomodus)."

    def handle(self, *args, **options):
        demo_mode = settings.DEMO_MODE
        users = {user.email: user for user in User.objects.filter(email__in=[u.email for u in data.USERS])}
        devices = {
            device.user_id: device
            for device in TOTPDevice.objects.filter(user__in=users.values(), name=data.DEMO_TOTP_DEVICE_NAME)
        }

        rows = [("rol", "e-mailadres", "wachtwoord", "TOTP-sleutel (base32)", "code nu")]
        for u in data.USERS:
            user = users.get(u.email)
            password = data.DEMO_PASSWORD if demo_mode and user and user.has_usable_password() else NOT_SET
            secret = code = ""
            if u.role in SECOND_FACTOR_ROLES:
                device = devices.get(user.pk) if user else None
                if demo_mode and device:
                    secret = _grouped(b32encode(device.bin_key).decode("ascii").rstrip("="))
                    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
                    code = f"{token:0{device.digits}d}"
                else:
                    secret = code = NOT_SET
            label = Role(u.role).label if user else f"{Role(u.role).label} (ontbreekt)"
            rows.append((str(label), u.email, password, secret, code))

        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))

        self.stdout.write("")
        if len(users) < len(data.USERS):
            self.stdout.write("Niet alle demogebruikers bestaan: draai eerst manage.py load_demo.")
        if demo_mode:
            self.stdout.write(
                "Medewerkers, coördinator, partner, functionaris en beheerder loggen in met een tweede stap: voeg de "
                "TOTP-sleutel toe aan een authenticator-app, of typ de code hierboven. De code verandert elke "
                "30 seconden; draai dit commando opnieuw voor de code van dat moment."
            )
        else:
            self.stdout.write(
                "Geen demomodus (DEMO_MODE): er worden geen wachtwoorden of sleutels getoond. "
                "Stel een wachtwoord in met: manage.py changepassword <e-mailadres>"
            )
