"""Rules several services share, in plain Python (no I/O): seating.py (seats and a waiting
list, first come first served), search_terms.py (the words a `q` finds, without regard to
case or accents), cancel_tokens.py (holder ids, and the tokens that cancel them)."""
