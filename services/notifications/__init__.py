"""The notifications service: every event to the right people, once, in their language
(docs/notifications.md)."""
