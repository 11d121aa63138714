"""Demo data for Omzien: three Twente gemeenten, their wijken, coalition partners and one user per role.

`data.py` holds the data (written from the project's source documents, see the comments there);
`loader.py` puts it in the database, and then runs the demo loaders the apps registered
(coalition/registry.py). Run it with `manage.py load_demo`; `manage.py demo_logins` prints how to
log in as each demo user.
"""
