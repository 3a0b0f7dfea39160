"""The conferences service: co-organized conferences, proposals, agenda and registrations
(docs/conferences.md)."""
