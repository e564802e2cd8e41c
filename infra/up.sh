#!/usr/bin/env bash
# Brings every service the hub needs up, idempotently: PostgreSQL, NATS JetStream, the Temporal dev
# server (built on first use) and the local SMTP mailbox; then migrations and NATS streams.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

ensure_node_modules
ensure_postgres
ensure_nats
ensure_temporal_server
ensure_mailbox
prepare_hub_state
say "services up; logs in $LOG_DIR"
