"""partnerships: partner organizations of the network and their partnerships."""
