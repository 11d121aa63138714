"""Signals that coalition sends and other apps may listen to (coalition itself names no app).

`access_changed`: who may see personal data changed (a role, a superuser flag, a reset second factor, or an app's
own grant such as a meldpunt's staff). Sent inside the transaction of the change, by coalition.services.access, with
keyword arguments `user` (whose access), `by` (who changed it; None for the system) and `detail` (plain Dutch text
without residents' data). The meldpunt writes it in its audit log.

`login_refused`: a log-in failed in a way the privacy officer should see: an account locked after too many wrong
passwords, or a wrong code for the second factor. Sent by coalition.services.access.record_refused_login with keyword
arguments `user` (the account that was tried; None when no account has the typed address) and `detail` (plain Dutch
text: never a password, never an address that belongs to no account). The meldpunt writes it in its audit log.
"""

from django.dispatch import Signal

access_changed = Signal()
login_refused = Signal()
