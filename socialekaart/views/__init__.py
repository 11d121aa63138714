"""Views of the sociale kaart, one module per audience; each module has its own `urlpatterns`."""
