# Maillage: `make run` runs the platform locally, `make test` runs every test.
# Both set up what is missing first (Python deps, RabbitMQ, the Mongo-wire server).
.PHONY: setup run test bench lint mail replay-unrouted clean

setup:
	@deploy/local/setup.sh

run: setup
	@deploy/local/run.sh

test: setup
	@deploy/local/test.sh

bench: setup
	@.venv/bin/python bench/point_read.py
	@.venv/bin/python bench/event_pipeline.py
	@.venv/bin/python bench/enrollment_race.py
	@.venv/bin/python bench/catalog_search.py

lint: setup
	@deploy/local/lint.sh

# The last emails `make run` kept in var/mail/ (`make mail N=30` for more).
mail:
	@.venv/bin/python -m deploy.local.mail_sink --list $(or $(N),10)

# Events published before any consumer was bound wait in maillage.unrouted.held.
replay-unrouted: setup
	@.venv/bin/python -m shared.messaging.replay maillage.unrouted.held

clean:
	@deploy/local/mongo-wire.sh stop || true
	rm -rf .venv var
