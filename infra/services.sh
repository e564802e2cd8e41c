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
  if ! port_open 127.0.0.1 "$TEMPORAL_PORT"; then
    say "starting the Temporal dev server (UI $TEMPORAL_UI, history in var/temporal/)"
    local args=(server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
      --db-filename "$VAR_DIR/temporal/temporal.db" --log-format json --log-level warn
      # Eager activities: the worker that schedules an activity runs it, skipping a matching round trip.
      --dynamic-config-value system.enableActivityEagerExecution=true)
    for name in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$name=Keyword"); done
    # Temporal UI opens sealed payloads through the API's codec endpoint, as the signed-in coordinator.
    args+=(--ui-codec-endpoint "http://127.0.0.1:${API_PORT:-3000}/codec")
    start_process temporal "$TEMPORAL_BIN" "${args[@]}"
    wait_port 127.0.0.1 "$TEMPORAL_PORT" 60 "Temporal" temporal
  fi
  # Registered here too, in case the server was already running without them.
  local deadline=$((SECONDS + 60))
  until "$TEMPORAL_BIN" operator namespace describe default --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "Temporal's default namespace did not become ready"
    sleep 0.5
  done
  local existing; existing=$("$TEMPORAL_BIN" operator search-attribute list --address "$TEMPORAL_ADDRESS" 2>/dev/null || true)
  for name in "${SEARCH_ATTRIBUTES[@]}"; do
    grep -qw "$name" <<<"$existing" || "$TEMPORAL_BIN" operator search-attribute create \
      --address "$TEMPORAL_ADDRESS" --name "$name" --type Keyword >/dev/null
  done
}

ensure_mailbox() {
  if port_open 127.0.0.1 "${SMTP_PORT:-2525}"; then return 0; fi
  say "starting the local SMTP mailbox on port ${SMTP_PORT:-2525}; messages are kept in $MAILBOX_DIR"
  start_process mailbox $(hub_node infra/mailbox/src/main.ts)
  wait_port 127.0.0.1 "${SMTP_PORT:-2525}" 30 "the mailbox" mailbox
}

# The demo's own settings, made on its first start and kept in var/secrets (var/ is never
# committed): the data keys sealing personal data, the blind-index key, the coordinators' token for
# The identity provider's client secret and accounts, and which database is the demo's. Values in the environment win.
ensure_secrets() {
  local dir="$VAR_DIR/secrets" cli
  cli=$(hub_node apps/cli/src/main.ts)
  mkdir -p "$dir" && chmod 700 "$dir"
  demo_setting DATA_KEYS data-keys '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43})*$' \
    $cli keys new-data-key
  local fresh_data_key=$MADE
  demo_setting DATA_INDEX_KEY index-key '^[A-Za-z0-9_-]{43}$' $cli keys new-index-key
  demo_setting OIDC_CLIENT_SECRET oidc-client-secret '^[A-Za-z0-9_-]{32,}$' \
    node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))'
  demo_setting DEMO_STAFF_ACCOUNTS staff-accounts.json '^\[.*"username"' \
    node --import tsx infra/identity-provider/src/make-accounts.ts
  # Read by the identity provider from its file; no other process needs the passwords.
  unset DEMO_STAFF_ACCOUNTS
  demo_database "$dir" "$fresh_data_key"
}

# The demo's staff sign in at an OpenID provider of their own organisation's; here a real one
# (infra/identity-provider), with accounts and TOTP authenticators made into var/secrets.
ensure_identity_provider() {
  export OIDC_ISSUER="${OIDC_ISSUER:-http://127.0.0.1:$IDP_PORT}" OIDC_CLIENT_ID="${OIDC_CLIENT_ID:-switchboard-demo}" \
    OIDC_CLI_CLIENT_ID="${OIDC_CLI_CLIENT_ID:-switchboard-cli}"
  export OIDC_CLIENT_SECRET PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:${API_PORT:-3000}}"
  if port_open 127.0.0.1 "$IDP_PORT"; then return 0; fi
  say "starting the demo's identity provider for staff sign-in on port $IDP_PORT"
  IDP_ACCOUNTS_FILE="$VAR_DIR/secrets/staff-accounts.json" start_process identity \
    $(hub_node infra/identity-provider/src/main.ts)
  wait_port 127.0.0.1 "$IDP_PORT" 30 "the identity provider" identity
}

# Sets VAR from the environment, else from var/secrets/FILE, made with COMMAND when missing. A file
# left empty (an interrupted first start) never held a value and is made again; one that holds
# something else is refused by name rather than guessed at. MADE says whether it was made now.
demo_setting() { # VAR file pattern command...
  local var=$1 file="$VAR_DIR/secrets/$2" pattern=$3 value tmp
  shift 3
  MADE=""
  [ -z "${!var:-}" ] || return 0
  value=$( [ -f "$file" ] && tr -d '[:space:]' <"$file" || true)
  if [ -z "$value" ]; then
    tmp=$(mktemp "$file.XXXXXX")
    # Written aside and renamed: a start cut short never leaves an empty file where a key belongs.
    (cd "$ROOT" && "$@" >"$tmp") && value=$(tr -d '[:space:]' <"$tmp") || { rm -f "$tmp"; die "could not make $file"; }
    mv "$tmp" "$file"
    MADE=1
    say "generated $file"
  fi
  grep -Eq "$pattern" <<<"$value" \
    || die "$file does not hold a valid $var; delete var/secrets to start the demo afresh (its data goes with its keys)"
  printf -v "$var" '%s' "$value"
  export "${var?}"
}

# The demo's database belongs to its checkout (a second clone gets its own), and is started afresh
# when its data key is new: whatever it held was sealed under keys that are gone with the old var/.
demo_database() { # secrets dir, whether the data key was made now
  if [ -z "${DATABASE_URL:-}" ]; then
    local name; name="switchboard_demo_$(printf %s "$ROOT" | sha256sum | cut -c1-12)"
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$name"
    if [ -n "$2" ] && [ -n "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
      say "this checkout's demo database $name holds data sealed under keys that are gone; starting it afresh"
      dropdb -h 127.0.0.1 -U postgres --force "$name"
    fi
  fi
  export DATABASE_URL
  # The CLI reads it in another terminal, so the README's commands reach the demo's database.
  (umask 077 && printf '%s\n' "$DATABASE_URL" >"$1/database-url")
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
# Debian's Chromium, which the portal's browser tests drive (Playwright's own download cannot work here).
ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return 0
  say "installing Chromium for the browser tests (apt-get, once)"
  local apt=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt=(sudo -n apt-get)
  if ! { "${apt[@]}" install -y chromium >"$LOG_DIR/chromium-install.log" 2>&1 \
    || { "${apt[@]}" update >>"$LOG_DIR/chromium-install.log" 2>&1 \
      && "${apt[@]}" install -y chromium >>"$LOG_DIR/chromium-install.log" 2>&1; }; }; then
    die "could not install Chromium; see $LOG_DIR/chromium-install.log (or set CHROMIUM_PATH)"
  fi
}

ensure_test_services() {
  ensure_node_modules
  ensure_postgres
  ensure_nats
  ensure_temporal_binary
  ensure_chromium
}
