# Each function brings one service up if it is down, and is silent when it is already up. Sourced.

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  say "PostgreSQL is down; starting the machine's cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start \
    || die "could not start PostgreSQL"
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.2; done
  die "PostgreSQL did not become ready"
}

ensure_nats() {
  if port_open 127.0.0.1 4222; then return 0; fi
  say "NATS is down; starting the machine's nats-server with JetStream"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log \
    || die "could not start nats-server"
  wait_port 127.0.0.1 4222 20 "NATS"
}

# The Temporal dev server, built once from the Go module into the cache folder.
ensure_temporal_binary() {
  [ -x "$TEMPORAL_BIN" ] && return 0
  command -v go >/dev/null || die "Go is needed once to build the Temporal dev server"
  say "building the Temporal dev server v$TEMPORAL_CLI_VERSION (first run only, several minutes); log: $LOG_DIR/temporal-build.log"
  local gobin; gobin=$(mktemp -d)
  ( GOBIN="$gobin" go install -x "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" 2>&1 \
      | tee "$LOG_DIR/temporal-build.log" | grep --line-buffered -E '^go: downloading|/link ' \
      | awk '{ n++; if (n % 25 == 0) { printf "[switchboard]   ... %d modules fetched or linked\n", n; fflush() } }' ) \
    || true
  [ -x "$gobin/temporal" ] || die "the Temporal build failed; see $LOG_DIR/temporal-build.log"
  mkdir -p "$(dirname "$TEMPORAL_BIN")"
  mv "$gobin/temporal" "$TEMPORAL_BIN"
  say "Temporal dev server built: $TEMPORAL_BIN"
}

ensure_temporal_server() {
  ensure_temporal_binary
  if ! port_open 127.0.0.1 7233; then
    say "starting the Temporal dev server (UI http://localhost:8233, history in var/temporal/)"
    local args=(server start-dev --ip 127.0.0.1 --port 7233 --ui-port 8233
      --db-filename "$VAR_DIR/temporal/temporal.db" --log-format json --log-level warn
      # Eager activities: the worker that schedules an activity runs it, skipping a matching round trip.
      --dynamic-config-value system.enableActivityEagerExecution=true)
    for name in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$name=Keyword"); done
    # Temporal UI opens sealed payloads through the API's codec endpoint (the coordinators' token).
    [ -z "${CODEC_ACCESS_TOKEN:-}" ] || args+=(--ui-codec-endpoint "http://127.0.0.1:${API_PORT:-3000}/codec/$CODEC_ACCESS_TOKEN")
    start_process temporal "$TEMPORAL_BIN" "${args[@]}"
    wait_port 127.0.0.1 7233 60 "Temporal"
  fi
  # Registered here too, in case the server was already running without them.
  local deadline=$((SECONDS + 60))
  until "$TEMPORAL_BIN" operator namespace describe default --address 127.0.0.1:7233 >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "Temporal's default namespace did not become ready"
    sleep 0.5
  done
  local existing; existing=$("$TEMPORAL_BIN" operator search-attribute list --address 127.0.0.1:7233 2>/dev/null || true)
  for name in "${SEARCH_ATTRIBUTES[@]}"; do
    grep -qw "$name" <<<"$existing" || "$TEMPORAL_BIN" operator search-attribute create \
      --address 127.0.0.1:7233 --name "$name" --type Keyword >/dev/null
  done
}

ensure_mailbox() {
  if port_open 127.0.0.1 "${SMTP_PORT:-2525}"; then return 0; fi
  say "starting the local SMTP mailbox on port ${SMTP_PORT:-2525}; messages are kept in $MAILBOX_DIR"
  start_process mailbox $(hub_node infra/mailbox/src/main.ts)
  wait_port 127.0.0.1 "${SMTP_PORT:-2525}" 30 "the mailbox"
}

# The demo's own secrets, generated on first start and kept beside its database (var/ is never
# committed): the data keys sealing personal data, the blind-index key, and the coordinators' token
# for Temporal UI's codec endpoint. Values already in the environment win.
ensure_secrets() {
  local dir="$VAR_DIR/secrets" cli
  cli=$(hub_node apps/cli/src/main.ts)
  mkdir -p "$dir" && chmod 700 "$dir"
  if [ -z "${DATA_KEYS:-}" ]; then
    [ -s "$dir/data-keys" ] || { (umask 077 && cd "$ROOT" && $cli keys new-data-key >"$dir/data-keys") && say "generated a data key: $dir/data-keys"; }
    DATA_KEYS=$(cat "$dir/data-keys")
  fi
  if [ -z "${DATA_INDEX_KEY:-}" ]; then
    [ -s "$dir/index-key" ] || { (umask 077 && cd "$ROOT" && $cli keys new-index-key >"$dir/index-key") && say "generated an index key: $dir/index-key"; }
    DATA_INDEX_KEY=$(cat "$dir/index-key")
  fi
  if [ -z "${CODEC_ACCESS_TOKEN:-}" ]; then
    [ -s "$dir/codec-token" ] || (umask 077 && node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))' >"$dir/codec-token")
    CODEC_ACCESS_TOKEN=$(cat "$dir/codec-token")
  fi
  export DATA_KEYS DATA_INDEX_KEY CODEC_ACCESS_TOKEN
}

# Anything stored in clear, or under an older data key, sealed under the current one.
reseal_personal_data() {
  (cd "$ROOT" && $(hub_node apps/cli/src/main.ts) keys reseal) | sed 's/^/[switchboard]   /'
}

prepare_hub_state() {
  (cd "$ROOT" && $(hub_node apps/cli/src/main.ts) migrate && $(hub_node apps/cli/src/main.ts) topology) \
    | sed 's/^/[switchboard]   /'
}

# What the tests and benchmarks need; they start their own Temporal dev servers from the binary.
ensure_test_services() {
  ensure_node_modules
  ensure_postgres
  ensure_nats
  ensure_temporal_binary
}
