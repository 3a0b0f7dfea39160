#!/usr/bin/env bash
# Ensures a RabbitMQ broker with the management plugin answers on localhost; reuses a running one.
source "$(dirname "$0")/common.sh"
AMQP_PORT="${RABBITMQ_PORT:-5672}"
MGMT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15672}"

if port_open 127.0.0.1 "$AMQP_PORT" && port_open 127.0.0.1 "$MGMT_PORT"; then exit 0; fi
command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
if port_open 127.0.0.1 "$AMQP_PORT"; then  # running without the management API
    say "enabling the RabbitMQ management plugin"
    as_root rabbitmq-plugins enable rabbitmq_management >/dev/null
else
    # Debian's package cannot start itself in a container (policy-rc.d): start it detached.
    as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    say "starting RabbitMQ"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
fi
wait_for_port 127.0.0.1 "$AMQP_PORT" 60 || fail "RabbitMQ did not open port $AMQP_PORT in 60 s; see /var/log/rabbitmq/"
as_root rabbitmqctl await_startup >/dev/null 2>&1 || true
wait_for_port 127.0.0.1 "$MGMT_PORT" 30 || fail "RabbitMQ management did not open port $MGMT_PORT; run: rabbitmq-plugins enable rabbitmq_management"
say "RabbitMQ ready on amqp://127.0.0.1:$AMQP_PORT (management :$MGMT_PORT)"
