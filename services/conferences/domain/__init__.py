"""The conferences' rules, in plain Python (no nameko, no MongoDB): conferences.py (the
conference, its organizers and state), seats.py (its registrations on the shared seating
rules), agenda.py, proposals.py. docs/conferences.md says how each step is written."""
