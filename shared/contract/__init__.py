"""What crosses a boundary: typed errors, the event envelope and registry, input validation.
Every service's `contract/` is made of these, and nothing here does I/O."""
