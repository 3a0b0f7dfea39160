#!/usr/bin/env bash
# `make run`: the whole platform on this machine, each service its own `nameko run` process.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
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

# Ctrl-C, SIGTERM, or a service exiting: stop every process this script started. Services
# exit within STOP_DEADLINE_SECONDS of SIGTERM (shared/runtime/container.py); whatever is still
# there 5 s later is killed, so this never hangs.
pids=()
stop_all() {
    trap - INT TERM EXIT
    say "stopping the services"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + ${STOP_DEADLINE_SECONDS:-8} + 5))
    while kill -0 "${pids[@]}" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "${pids[@]}" 2>/dev/null || true
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
while read -r name service; do
    .venv/bin/nameko run --config deploy/nameko.yaml "$service" >"$VAR/log/$name.log" 2>&1 &
    pids+=($!)
done < <(grep -v '^#' deploy/services.list)

url="http://$GATEWAY_ADDRESS:$GATEWAY_PORT"
deadline=$((SECONDS + 60))
until curl -sf "$url/health" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the platform did not become healthy in 60 s; see var/log/"
    sleep 0.5
done
cat <<MSG

  Maillage is running.
    gateway         $url   (OpenAPI: $url/v1/openapi.json)
    operator token  $MAILLAGE_OPERATOR_TOKEN
    emails          $emails
    logs            var/log/<service>.log (JSON, one line per entry)
  Ctrl-C stops every service.

MSG
# Stop everything as soon as any service exits: a half-running platform misleads.
wait -n "${pids[@]}"
fail "a service exited; see var/log/"
