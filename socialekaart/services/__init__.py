"""Every change to the sociale kaart goes through a function here: one per state transition, in a
transaction, with a Historie row, and mail or tasks only on commit.

- listings.py: partners and coördinators create, edit, submit, approve, return, confirm, archive;
- freshness.py: reminders for listings not confirmed in time (Celery beat);
- search_log.py: the anonymous log of public searches.
"""
