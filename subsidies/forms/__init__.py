"""The forms of subsidies, one module per area. Every form renders through django-crispy-forms (coalition.crispy);
the rules the services and the database enforce are checked here first, so a reader sees a Dutch message beside
the field and loses nothing they typed."""
