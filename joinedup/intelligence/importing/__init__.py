"""Bringing files into the incident store: reading and checking them, placing rows, bulk loading.

`reading` turns bytes into a checked Polars frame with line numbers; `police` and `partner` map the
columns of each kind of file to the store's; `places` finds each distinct point's areas and grid
reference; `loading` writes whole frames with COPY (PostgreSQL) or executemany (SQLite). The
services in `joinedup.intelligence.services` run these inside one transaction per file.
"""
