#!/usr/bin/env bash
# The start command: services up, the hub's three processes, the demo, then it keeps running until
# Ctrl-C, which stops everything this script started.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

ensure_node_modules
ensure_secrets
# The demo's coordinators' desk: escalations and silent-feed alerts land in the mail folder too.
export COORDINATOR_EMAIL="${COORDINATOR_EMAIL:-coordinators@switchboard.localhost}"
already_running=$(ls "$RUN_DIR" 2>/dev/null | sed -n 's/\.pid$//p' | tr '\n' ' ')
ensure_postgres
ensure_nats
ensure_temporal_server
ensure_mailbox
prepare_hub_state
reseal_personal_data

started=()
for name in api ingest worker; do
  if [ -f "$RUN_DIR/$name.pid" ] && kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
    say "$name is already running (pid $(cat "$RUN_DIR/$name.pid")); reusing it"
    continue
  fi
  : >"$LOG_DIR/$name.log"
  start_process "$name" $(hub_node "apps/$name/src/main.ts")
  started+=("$name")
done
for name in mailbox temporal; do
  [[ " $already_running " == *" $name "* ]] || { [ -f "$RUN_DIR/$name.pid" ] && started+=("$name"); }
done

stop_all() {
  trap - INT TERM EXIT
  echo
  say "stopping: ${started[*]:-nothing to stop}"
  [ ${#started[@]} -eq 0 ] || bash "$ROOT/infra/down.sh" "${started[@]}"
  exit 0
}
trap stop_all INT TERM EXIT

say "hub processes: api, ingest, worker (logs: $LOG_DIR/{api,ingest,worker}.log)"
wait_port 127.0.0.1 "${API_PORT:-3000}" 60 "the API"

say "running the demo"
(cd "$ROOT" && $(hub_node apps/cli/src/main.ts) demo) || say "the demo did not complete; see $LOG_DIR"

cat <<TXT

  Temporal UI     http://localhost:8233   (search: SubjectRef="SUBJ-2026-0042", AgencyId="county-jail")
  Mail folder     $MAILBOX_DIR   (one .eml file per message)
  API             http://127.0.0.1:${API_PORT:-3000}/health  and  /trpc
  Logs            $LOG_DIR
  Publish more    pnpm switchboard publish examples/custody-released.json

  Switchboard is running. Press Ctrl-C to stop it.
TXT
while true; do sleep 3600 & wait $!; done
