"""`manage.py demo_code [e-mailadres]`: the code a demo user's authenticator app shows right now (`make demo-code`).

Staff log in with a second step (a TOTP code). `manage.py load_demo` gives every demo user with such a role a device
with the public demo key (coalition/demo/data.py), so in demo mode this command can work out the code of this
moment. Outside demo mode there are no such devices and the command refuses.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.demo import data
from coalition.models import SECOND_FACTOR_ROLES

DEFAULT_EMAIL = next(u.email for u in data.USERS if u.role in SECOND_FACTOR_ROLES)


class Command(BaseCommand):
    help = "Toont de TOTP-code van dit moment van een demogebruiker (alleen in demomodus)."

    def add_arguments(self, parser):
        parser.add_argument(
            "email",
            nargs="?",
            default=DEFAULT_EMAIL,
            help=f"e-mailadres van de demogebruiker (standaard {DEFAULT_EMAIL})",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Alleen in demomodus (DEMO_MODE=true): buiten de demo zijn er geen demosleutels.")
        email = options["email"].strip().lower()
        second_factor = {u.email for u in data.USERS if u.role in SECOND_FACTOR_ROLES}
        if email not in second_factor:
            raise CommandError(
                f"{email} is geen demogebruiker met een tweede stap. Kies uit: {', '.join(sorted(second_factor))}."
            )
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email, name=data.DEMO_TOTP_DEVICE_NAME, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(f"{email} heeft nog geen demo-authenticator: draai eerst manage.py load_demo.")

        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now = time.time()
        seconds_left = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stdout.write(
            f"De code van {email} voor de tweede stap; nog {seconds_left} seconden geldig. Elke code werkt één keer: "
            "vraag daarna een nieuwe met make demo-code."
        )
