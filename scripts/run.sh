#!/usr/bin/env bash
# Starts the action server and then the Rasa server (or `rasa shell`) in the foreground.
# Ctrl-C stops both. Used by `make run` and `make shell`; the Makefile sets the environment.
#   scripts/run.sh server   REST on $RASA_PORT, actions on $ACTIONS_PORT
#   scripts/run.sh shell    the same action server, and `rasa shell` in this terminal
set -euo pipefail
mode="${1:-server}"
model="${REISWIJZER_MODEL:-models/reiswijzer.tar.gz}"
mkdir -p "$(dirname "$REISWIJZER_DB")"
# credentials.yml reads these with ${...}; Rasa refuses to start when one is unset, so unset means "off"
export SLACK_BOT_TOKEN="${SLACK_BOT_TOKEN:-}" SLACK_SIGNING_SECRET="${SLACK_SIGNING_SECRET:-}"

rasa run actions --actions actions --port "$ACTIONS_PORT" >"${ACTIONS_LOG:-var/actions.log}" 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null; wait "$actions_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 120); do   # the action server imports TensorFlow-heavy rasa_sdk deps: allow a minute
  if curl -fsS "http://127.0.0.1:${ACTIONS_PORT}/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then echo "action server failed to start; see ${ACTIONS_LOG:-var/actions.log}" >&2; exit 1; fi
  sleep 0.5
done

# Rasa's dependencies print pages of deprecation warnings at start-up; show them only when asked.
quiet() {
  if [ -n "${REISWIJZER_VERBOSE:-}" ]; then cat; return; fi
  awk '/Warning: |Warning\)|^Implementing implicit namespace/ {skip=1; next} skip && /^  / {next} {skip=0; print; fflush()}'
}

api_flags=()
if [ -n "${REISWIJZER_API_TOKEN:-}" ]; then
  api_flags=(--enable-api --auth-token "$REISWIJZER_API_TOKEN")
fi

if [ "$mode" = shell ]; then
  rasa shell -m "$model" --port "$RASA_PORT" --endpoints endpoints.yml 2> >(quiet >&2)
else
  echo "Reiswijzer: web chat on http://127.0.0.1:${RASA_PORT}/webchat, REST on http://127.0.0.1:${RASA_PORT}/webhooks/rest/webhook, actions on port ${ACTIONS_PORT}${REISWIJZER_API_TOKEN:+, HTTP API enabled (token required)}. Ctrl-C stops both."
  rasa run -m "$model" --port "$RASA_PORT" --endpoints endpoints.yml --credentials credentials.yml \
    "${api_flags[@]}" 2> >(quiet >&2)
fi
