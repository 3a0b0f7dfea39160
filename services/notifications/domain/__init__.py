"""The notifications' rules, in plain Python (no nameko, no MongoDB): recipients.py (who hears
of each event, on which channel, in which language)."""
