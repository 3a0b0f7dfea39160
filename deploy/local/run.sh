#!/usr/bin/env bash
# `make run`: the whole platform on this machine: the infrastructure (RabbitMQ, the Mongo-wire
# server, the mail sink) started here, then each service its own `nameko run` process through
# `maillage up` (ops/lifecycle.py: logs in var/log/, pids in var/run/).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
# The services' state (logs, pids, secrets) in MAILLAGE_VAR if set (tests), else var/; the
# Mongo-wire server keeps its files in var/ whatever (deploy/local/mongo-wire.sh).
export MAILLAGE_VAR="${MAILLAGE_VAR:-$VAR}"
VAR="$MAILLAGE_VAR"
mkdir -p "$VAR"
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"
export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:27017/}"
export GATEWAY_ADDRESS="${GATEWAY_ADDRESS:-127.0.0.1}" GATEWAY_PORT="${GATEWAY_PORT:-8000}"
# Links in emails (unsubscribe) point at this gateway, whatever port it was given.
export PUBLIC_URL="${PUBLIC_URL:-http://$GATEWAY_ADDRESS:$GATEWAY_PORT}"
# a partner's test receiver on this machine may get webhooks (never so in a deployment)
export WEBHOOK_ALLOW_PRIVATE_ADDRESSES="${WEBHOOK_ALLOW_PRIVATE_ADDRESSES:-true}"
MAIL_SINK_PORT="${MAIL_SINK_PORT:-1025}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$MAIL_SINK_PORT}"

deploy/local/rabbitmq.sh
mongo_wire_started=""
if [ "$MONGODB_URI" = "mongodb://127.0.0.1:27017/" ] && ! port_open 127.0.0.1 27017; then
    deploy/local/mongo-wire.sh start 27017 && mongo_wire_started=1
fi

# A secret kept in var/<file>, generated on first use: `secret VARIABLE file "what it is"`.
secret() {
    local variable="$1" file="$VAR/$2"
    if [ -z "${!variable:-}" ]; then
        if [ ! -s "$file" ]; then
            (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' >"$file")
            say "generated $3 in var/$2"
        fi
        printf -v "$variable" '%s' "$(cat "$file")"
    fi
    export "${variable?}"
}
secret MAILLAGE_OPERATOR_TOKEN operator-token "an operator token"
secret CANCEL_TOKEN_SECRET cancel-token-secret "the secret of participants' cancel tokens"
secret UNSUBSCRIBE_SECRET unsubscribe-secret "the secret of the unsubscribe links in emails"

# Ctrl-C, SIGTERM, or a service exiting: stop every process this script started. `maillage
# up --foreground` stays the services' parent (so each is reaped, even where no init reaps
# orphans) and stops them on SIGTERM (or on the Ctrl-C that reached them too), each within
# STOP_DEADLINE_SECONDS, killing what is left past it; then `maillage down` stops whatever
# it left (it signals only what still runs: a second SIGTERM slows nameko's stop).
pids=() up_pid=""
stop_all() {
    trap - INT TERM EXIT
    say "stopping the services"
    if [ -n "$up_pid" ]; then
        kill -TERM "$up_pid" 2>/dev/null || true
        wait "$up_pid" 2>/dev/null || true
    fi
    .venv/bin/maillage down >/dev/null || true
    rm -f "$VAR/run/make-run.ready"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    if [ -n "$mongo_wire_started" ]; then
        say "stopping the Mongo-wire server it started"
        deploy/local/mongo-wire.sh stop
    fi
}
trap stop_all EXIT
trap 'exit 0' INT   # a stop asked for is a success: make says nothing more
trap 'exit 0' TERM

mkdir -p "$VAR/log"
# Emails go to a local SMTP sink that keeps them in var/mail/ (deploy/local/mail_sink.py),
# unless SMTP_URL points elsewhere or something already listens on the sink's port (the
# sink of another `make run`, a mail catcher of one's own): then that server has them.
emails="sent to $SMTP_URL"
if [ "$SMTP_URL" = "smtp://127.0.0.1:$MAIL_SINK_PORT" ]; then
    if port_open 127.0.0.1 "$MAIL_SINK_PORT"; then
        say "reusing the SMTP server that listens on 127.0.0.1:$MAIL_SINK_PORT"
    else
        .venv/bin/python -m deploy.local.mail_sink --port "$MAIL_SINK_PORT" \
            >"$VAR/log/mail-sink.log" 2>&1 &
        pids+=($!)
        wait_for_port 127.0.0.1 "$MAIL_SINK_PORT" 15 \
            || fail "the SMTP sink did not start on port $MAIL_SINK_PORT; see var/log/mail-sink.log"
        emails="var/mail/ (a Maildir; \`make mail\` lists the last ones)"
    fi
fi
url="http://$GATEWAY_ADDRESS:$GATEWAY_PORT"
export MAILLAGE_API="${MAILLAGE_API:-$url}"   # `maillage status`, `seed`... in this shell
ready="$VAR/run/make-run.ready"
rm -f "$ready"
.venv/bin/maillage up --foreground --ready-file "$ready" --timeout 60 &
up_pid=$!
until [ -e "$ready" ]; do
    kill -0 "$up_pid" 2>/dev/null || { wait "$up_pid" || true; up_pid=""
        fail "the services did not start (see above and var/log/)"; }
    sleep 0.2
done
# each service's Prometheus metrics, on its own port (ops/platform.py)
metrics=$(grep -v '^#' deploy/services.list | awk -v base="${METRICS_PORT_BASE:-9100}" \
    'NF { printf "%s%s :%d", (n ? ", " : ""), $1, base + n; n++ }')
cat <<MSG

  Maillage is running.
    gateway         $url   (OpenAPI: $url/v1/openapi.json)
    API docs        $url/docs   (Swagger UI; Authorize with an API key or the operator token)
    operator token  $MAILLAGE_OPERATOR_TOKEN
    emails          $emails
    metrics         http://127.0.0.1:<port>/metrics: $metrics
    logs            var/log/<service>.log (JSON, one line per entry)
    operating       .venv/bin/maillage status | up SERVICE | down SERVICE | seed | dlq list
  Ctrl-C stops every service.

MSG
# Stop everything as soon as a service exits (`maillage up --foreground` then stops the
# others and exits) or the mail sink does: a half-running platform misleads.
wait -n "$up_pid" "${pids[@]}"
fail "a service exited; see var/log/"
