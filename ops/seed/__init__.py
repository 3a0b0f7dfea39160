"""`maillage seed`: demo data through the public API, idempotent. command.py is the command;
network.py, trainings.py and conference.py seed each part; support.py holds what they share
(the gateway as each caller, kept keys, the tally); demo_data.py and demo_programme.py are
the data itself, plain Python."""
