#!/usr/bin/env bash
# Benchmarks, each printing its figures next to a baseline measured in the same run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

ensure_test_services
cd "$ROOT"
# bash infra/bench.sh [latency|ingest|fanout|consent|authorization|snapshot|portal]   (all when none is named)
what="${1:-all}"
if [ "$what" = all ] || [ "$what" = latency ]; then
  say "delivery latency: publish -> email accepted by SMTP"
  node --import tsx tests/bench/delivery-latency.ts
fi
if [ "$what" = all ] || [ "$what" = ingest ]; then
  say "ingest throughput: signed events accepted per second, sustained"
  node --import tsx tests/bench/ingest-throughput.ts
fi
if [ "$what" = all ] || [ "$what" = fanout ]; then
  say "notifications: offered rate stepped up to the highest steady one, then one event to ${BENCH_FANOUT:-10000} registrants"
  node --import tsx tests/bench/notification-fanout.ts
fi
if [ "$what" = all ] || [ "$what" = consent ]; then
  say "consent: token verifications/s; consent-checked reads over HTTP with latency"
  node --import tsx tests/bench/consent-reads.ts
fi
if [ "$what" = all ] || [ "$what" = authorization ]; then
  say "authorization: a consent-checked read with and without the caller checks; sessions checked/s"
  node --import tsx tests/bench/authorization-cost.ts
fi
if [ "$what" = all ] || [ "$what" = snapshot ]; then
  say "snapshots: a ${BENCH_ROWS:-100000}-row roster imported, then diffed against the next one"
  node --import tsx tests/bench/snapshot-import.ts
fi
if [ "$what" = all ] || [ "$what" = portal ]; then
  say "portal: the first page's bytes and time until usable on Slow 4G, in Chromium"
  node --import tsx tests/bench/portal-first-page.ts
fi
