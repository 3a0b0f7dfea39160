#!/usr/bin/env bash
# `make test`: lint, then the whole default test suite (unit, integration, e2e, faults).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
# A killed earlier run leaves nameko_test_* vhosts behind; they only cost memory, drop them.
for vhost in $(rabbitmqctl -q list_vhosts 2>/dev/null | grep '^nameko_test_' || true); do
    rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
done
"$ROOT/deploy/local/lint.sh"
exec .venv/bin/pytest "$@"
