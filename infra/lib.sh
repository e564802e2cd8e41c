# Shared by the infra scripts. Paths, pinned versions and small helpers; sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR_DIR="$ROOT/var"
LOG_DIR="$VAR_DIR/log"
RUN_DIR="$VAR_DIR/run"
export MAILBOX_DIR="${MAILBOX_DIR:-$VAR_DIR/mail}"
CACHE_DIR="${SWITCHBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}"

PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")"
TEMPORAL_CLI_VERSION="1.5.1"
export TEMPORAL_BIN="${TEMPORAL_BIN:-$CACHE_DIR/bin/temporal-$TEMPORAL_CLI_VERSION}"
# The demo's Temporal dev server; another pair of ports lets a second hub (or a test) run beside it.
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# The demo's identity provider, where its coordinators sign in.
IDP_PORT="${IDP_PORT:-3001}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
# 127.0.0.1 like the API: one site, so the UI may send a coordinator's session cookie to the codec endpoint.
export TEMPORAL_UI="${TEMPORAL_UI:-http://127.0.0.1:$TEMPORAL_UI_PORT}"
export TEMPORAL_UI_ORIGIN="${TEMPORAL_UI_ORIGIN:-$TEMPORAL_UI}"
# Registered with the dev server; the names match packages/workflows/src/contract.ts.
SEARCH_ATTRIBUTES=(SubjectRef AgencyId EventType RegistrationId Urgency DeliveryState FeedHealth)

mkdir -p "$LOG_DIR" "$RUN_DIR" "$MAILBOX_DIR" "$VAR_DIR/temporal"

# Colour only on a terminal: a service manager's journal or a CI log gets plain lines.
if [ -t 1 ]; then
  say() { printf '\033[1m[switchboard]\033[0m %s\n' "$*"; }
  die() { printf '\033[31m[switchboard] %s\033[0m\n' "$*" >&2; exit 1; }
else
  say() { printf '[switchboard] %s\n' "$*"; }
  die() { printf '[switchboard] %s\n' "$*" >&2; exit 1; }
fi

# What the start command is doing now, and where that step writes: a failure names both.
STEP="" STEP_LOG=""
step() { STEP=$1; STEP_LOG=$2; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() { # host port seconds what [process name, whose death ends the wait]
  local deadline=$((SECONDS + $3))
  until port_open "$1" "$2"; do
    if [ -n "${5:-}" ] && ! process_alive "$5"; then
      die "$4 exited before it opened $1:$2; see $LOG_DIR/$5.log"
    fi
    ((SECONDS < deadline)) || die "$4 did not open $1:$2 within $3 s; see $LOG_DIR/${5:-}${5:+.log}"
    sleep 0.3
  done
}

# pnpm at the version package.json pins; npm installs it when missing (corepack's signature check fails here).
ensure_pnpm() {
  if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    say "installing pnpm $PNPM_VERSION"
    npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || die "could not install pnpm@$PNPM_VERSION with npm"
  fi
}

ensure_node_modules() {
  ensure_pnpm
  (cd "$ROOT" && pnpm install --frozen-lockfile --prefer-offline --reporter=append-only 2>&1 \
    | tee "$LOG_DIR/install.log" | grep -Ev '^(Progress|$)' || true)
  [ -x "$ROOT/node_modules/.bin/tsx" ] || die "pnpm install did not complete; see $LOG_DIR/install.log"
}

# Starts a long-running process in its own process group, logging to var/log/<name>.log.
start_process() { # name command...
  local name=$1; shift
  # exec: the pid recorded is the process itself, and no shell is left holding our stdout.
  (cd "$ROOT" && exec setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null) &
  echo $! >"$RUN_DIR/$name.pid"
}

process_alive() { # name
  [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null
}

# The names of the processes these scripts started that are still running; a pid file whose
# process is gone (a machine restart, a kill -9) is forgotten.
running_processes() {
  local file name
  for file in "$RUN_DIR"/*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    if process_alive "$name"; then echo "$name"; else rm -f "$file"; fi
  done
}

stop_process() { # name
  local file="$RUN_DIR/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

hub_node() { echo node --import tsx "$@"; }
