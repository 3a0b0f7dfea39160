"""The operators' command, `maillage` (cli.py): run each service on its own, see what is wrong,
repair what failed, seed demo data. It reaches the platform only as an operator would: the
public HTTP API, RabbitMQ (its management API, and AMQP for dead letters and tailing), and
each service's database read-only for what no API says (outbox backlogs)."""
