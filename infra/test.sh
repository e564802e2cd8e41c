#!/usr/bin/env bash
# The test command (CI runs exactly this): install what is missing, bring up the services tests
# use, typecheck, lint, and run every test. Exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

ensure_test_services

cd "$ROOT"
say "typecheck"
pnpm -s exec tsc --noEmit -p tsconfig.json
say "lint"
pnpm -s exec biome check .
say "tests"
status=0
pnpm -s exec vitest run --reporter=default --reporter=json --outputFile.json="$VAR_DIR/test-results.json" || status=$?
node -e '
  const r = require(process.argv[1]);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$VAR_DIR/test-results.json" || true
exit $status
