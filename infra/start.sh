#!/usr/bin/env bash
# The start command: services up, the hub's three processes, the demo, then it keeps running until
# Ctrl-C or SIGTERM, which stop everything this run started. It works on a terminal, as a background
# job and under a service manager alike. A step that fails stops the run at once, names the step and
# its log, stops what the run had started, and exits non-zero.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

# Whatever already runs (a Temporal server from `infra/up.sh`, a hub from another terminal) is
# reused and left running; only what this run starts is stopped when it ends.
already_running=" $(running_processes | tr '\n' ' ') "
started_here() {
  local name
  for name in $(running_processes); do
    [[ "$already_running" == *" $name "* ]] || echo "$name"
  done
}

idle_pid=""
finish() {
  local status=$?
  trap - INT TERM EXIT
  [ -z "$idle_pid" ] || kill "$idle_pid" 2>/dev/null || true
  if [ "$status" -ne 0 ] && [ -n "$STEP" ]; then
    printf '[switchboard] start failed while %s (exit %s); see %s\n' "$STEP" "$status" "$STEP_LOG" >&2
  fi
  # Hub processes first, so nothing is cut off mid-delivery, then the services they use.
  local names=() name
  for name in api ingest worker identity mailbox temporal; do
    [[ " $(started_here | tr '\n' ' ') " == *" $name "* ]] && names+=("$name")
  done
  echo
  say "stopping: ${names[*]:-nothing this run started}"
  [ ${#names[@]} -eq 0 ] || bash "$ROOT/infra/down.sh" "${names[@]}"
  exit "$status"
}
trap finish EXIT
# A signal once the hub is up is the ordinary way to stop it (exit 0); during start-up it is an interruption.
stop_on() { if [ -z "$STEP" ]; then exit 0; else exit "$1"; fi; }
trap 'stop_on 130' INT
trap 'stop_on 143' TERM

step "installing the workspace's packages" "$LOG_DIR/install.log"
ensure_node_modules
step "starting PostgreSQL" "/var/log/postgresql"
ensure_postgres
step "making the demo's keys and database" "$LOG_DIR/setup.log"
ensure_secrets
# The demo's coordinators' desk: escalations and silent-feed alerts land in the mail folder too.
export COORDINATOR_EMAIL="${COORDINATOR_EMAIL:-coordinators@switchboard.localhost}"
step "starting NATS" "/var/log/nats-server.log"
ensure_nats
step "starting the Temporal dev server" "$LOG_DIR/temporal.log (its build: $LOG_DIR/temporal-build.log)"
ensure_temporal_server
step "starting the mailbox" "$LOG_DIR/mailbox.log"
ensure_mailbox
step "starting the identity provider" "$LOG_DIR/identity.log"
ensure_identity_provider
step "migrating the database and NATS streams" "$LOG_DIR/setup.log"
prepare_hub_state
reseal_personal_data

step "starting the hub's processes" "$LOG_DIR/{api,ingest,worker}.log"
if ! process_alive api && port_open 127.0.0.1 "${API_PORT:-3000}"; then
  die "something else already listens on 127.0.0.1:${API_PORT:-3000}; stop it, or choose another API_PORT"
fi
for name in api ingest worker; do
  if process_alive "$name"; then
    say "$name is already running (pid $(cat "$RUN_DIR/$name.pid")); reusing it"
    continue
  fi
  : >"$LOG_DIR/$name.log"
  start_process "$name" $(hub_node "apps/$name/src/main.ts")
done
say "hub processes: api, ingest, worker (logs: $LOG_DIR/{api,ingest,worker}.log)"
wait_port 127.0.0.1 "${API_PORT:-3000}" 60 "the API" api
for name in ingest worker; do process_alive "$name" || die "$name exited at start-up; see $LOG_DIR/$name.log"; done

step "running the demo" "$LOG_DIR/demo.log"
say "running the demo"
(cd "$ROOT" && $(hub_node apps/cli/src/main.ts) demo) 2>&1 | tee "$LOG_DIR/demo.log"

# Up from here: a Ctrl-C prompted by the lines below is the ordinary stop, so the step ends first.
step "" ""
cat <<TXT

  Victims' portal http://localhost:${API_PORT:-3000}/   (sign in as alex.rivera@example.test; the code arrives in the mail folder)
  Temporal UI     $TEMPORAL_UI   (search: SubjectRef="SUBJ-2026-0042", AgencyId="county-jail")
  Mail folder     $MAILBOX_DIR   (one .eml file per message)
  API             http://127.0.0.1:${API_PORT:-3000}/health  and  /trpc
  Metrics         http://127.0.0.1:${API_METRICS_PORT:-9100}/metrics (api), :${INGEST_METRICS_PORT:-9101} (ingest), :${WORKER_METRICS_PORT:-9102} (worker)
  Logs            $LOG_DIR
  Publish more    pnpm switchboard publish examples/custody-released.json

  Switchboard is running. Press Ctrl-C to stop it.
TXT
# Kept running while the hub is: a hub process that dies ends the run (non-zero, naming its log), so a
# service manager sees the failure and can restart the whole.
while true; do
  sleep 5 &
  idle_pid=$!
  wait "$idle_pid" || true
  for name in api ingest worker; do
    process_alive "$name" || { step "running" "$LOG_DIR/$name.log"; die "$name stopped unexpectedly"; }
  done
done
