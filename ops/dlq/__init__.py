"""`maillage dlq`: dead letters listed, shown, replayed and purged. command.py is the
commands; dead_letters.py reads queues without losing or reordering a message; views.py
draws them."""
