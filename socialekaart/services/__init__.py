"""Every change to the sociale kaart goes through a function here: one per state transition, in a
transaction, with a Historie row; e-mail goes through the outbox (coalition.services.outbox) in that transaction.

- listings.py: partners and coördinators create, edit, submit, approve, return, confirm, archive a listing,
  and keep its places, weekly times and dated events;
- proposals.py: an edit of a published listing that waits for the coördinator (approve, return);
- listing_data.py: the listing's form data as JSON and as readable text, written onto an activity;
- freshness.py: reminders for listings not confirmed in time (Celery beat);
- search_log.py: the anonymous log of public searches.
"""
