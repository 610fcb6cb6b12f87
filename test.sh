#!/usr/bin/env bash
# Runs every test in the repository and ends with one summary line ("Tests: N passed, N failed, N skipped").
# Installs the Node tools the tests use as real peers and oracles (Azurite, the official Adaptive Cards
# libraries, the Teams manifest schemas, the Agents Playground and Playwright) when they are missing or out of
# date, and Chromium for the Playground smoke test where it can.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20 or later is needed (the tests run Azurite and the official Adaptive Cards libraries)." >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The Playground smoke test drives a real browser. Debian's Chromium is installed when it is missing and this
# shell may install packages; elsewhere install Chromium yourself or point CHROMIUM_PATH at one.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

dotnet build TreatmentPlanBot.sln -nologo -v quiet
mkdir -p .local
log=.local/test-output.log
set +e
dotnet test TreatmentPlanBot.sln --no-build -nologo --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line summed over the test projects' own summaries.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     END { gsub(",", "", f); printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s; if (n == 0) exit 1 }' "$log" \
  || { echo "No test summary found: the test run did not complete." >&2; status=1; }
exit "$status"
