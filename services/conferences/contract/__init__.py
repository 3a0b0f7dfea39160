"""What the conferences service promises to others, and all they may import of it:
  - vocabulary.py     conference, proposal and registration statuses (enums)
  - events.py         the conference.*, proposal.*, registration.* and attendee.* events
  - conferences.py    RPC payloads of conferences and their agenda (the OpenAPI document's source)
  - proposals.py, registrations.py   the other RPC payloads
  - errors.py         the typed errors its RPC methods raise
Nothing here imports the service's domain, handlers or models: they import this."""
