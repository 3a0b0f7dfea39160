"""What a service process needs around its code: configuration, clock, correlation ids,
logging, health, liveness and the nameko container."""
