"""Forms of subsidies, one module per reader: `public` (registering as an initiative) and `applicant` (the sections of
an application, its attachments, starting and withdrawing). Every form renders through crispy (coalition/crispy.py)."""
