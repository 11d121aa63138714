"""Presenters: what the meldpunt's pages and exports write out, in words and figures, from what the reads give.

Plain functions and frozen rows, one module per area, beside meldpunt/queries (which reads) and the template tags
(meldpunt/templatetags/meldpunt_display.py, which call them from templates). A presenter never queries the database.
"""
