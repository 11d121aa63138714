"""Forms of subsidies, one module per area (the same areas as services/ and views/): `public` (registering as an
initiative), `applicant` (the sections of an application, its attachments, starting and withdrawing), the committee's
and the coördinator's (declarations, reviews, eligibility, information requests), `grants` (allocation, decision,
payments, settlement) and `reports`. Every form renders through crispy (coalition/crispy.py); the services check every
rule again, and their Dutch messages are shown beside the fields they name, so nothing the user typed is lost."""
