import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
# As django.core.wsgi.get_wsgi_application(), with our handler (coalition/handlers.py: odd query strings get a 400).
django.setup(set_prefix=False)

from coalition.handlers import OmzienWSGIHandler  # noqa: E402 -- Django must be set up first

application = OmzienWSGIHandler()
