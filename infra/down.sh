#!/usr/bin/env bash
# Stops what these scripts started (the processes with a pid file in var/run), and nothing else:
# the machine's own PostgreSQL and NATS keep running.
source "$(dirname "$0")/lib.sh"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  # Hub processes first, so nothing is cut off mid-delivery, then the services they use.
  names=(api ingest worker identity mailbox temporal)
fi
for name in "${names[@]}"; do
  if [ -f "$RUN_DIR/$name.pid" ]; then
    say "stopping $name"
    stop_process "$name"
  fi
done
