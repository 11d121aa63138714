"""The reads of subsidies, one module per area (`committee`, `ranking`, `call_overview`, …).

Other apps (the dashboard) read subsidies only through this package: what they may read is re-exported here.
"""
