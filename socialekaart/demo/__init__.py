"""Demo data of the sociale kaart: the activities (data.py) and what loads them (loader.py)."""
