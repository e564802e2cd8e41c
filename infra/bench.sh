#!/usr/bin/env bash
# Benchmarks, each printing its figures next to a baseline measured in the same run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

ensure_test_services
cd "$ROOT"
say "delivery latency: publish -> email accepted by SMTP"
node --import tsx tests/bench/delivery-latency.ts
