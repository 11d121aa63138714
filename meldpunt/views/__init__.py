"""The meldpunt's pages, one module per area; each module has its own `urlpatterns` (see meldpunt/urls.py)."""
