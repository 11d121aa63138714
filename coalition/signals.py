"""Signals that coalition sends and other apps may listen to (coalition itself names no app).

`access_changed`: who may see personal data changed (a role, a superuser flag, a reset second factor, or an app's
own grant such as a meldpunt's staff). Sent inside the transaction of the change, by coalition.services.access, with
keyword arguments `user` (whose access), `by` (who changed it; None for the system) and `detail` (plain Dutch text
without residents' data). The meldpunt writes it in its audit log.
"""

from django.dispatch import Signal

access_changed = Signal()
