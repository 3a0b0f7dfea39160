#!/usr/bin/env bash
# `make setup`: installs what is missing and starts the broker; safe to run again and again.
source "$(dirname "$0")/common.sh"
HERE="$ROOT/deploy/local"
"$HERE/python-env.sh"
"$HERE/mongo-wire.sh" install
"$HERE/rabbitmq.sh"
# Only for the static check of docker-compose.yml (no Docker engine runs here).
command -v docker-compose >/dev/null || apt_install docker-compose
