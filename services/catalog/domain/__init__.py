"""The catalog's rules, in plain Python (no nameko, no MongoDB): sessions.py (seats, the
waiting list, cancellations, attendance). docs/catalog.md says how each step is written."""
