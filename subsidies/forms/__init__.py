"""Forms of subsidies, one module per area (the same areas as services/ and views/). The services check every rule
again; their Dutch messages are shown beside the fields they name, so nothing the user typed is lost."""
