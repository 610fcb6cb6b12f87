#!/usr/bin/env bash
# Two bot instances as one (issue 14, section 3): starts Azurite's Table service in memory and two bot processes on it
# (Development, no authentication, loopback only), then tools/TwoInstances puts a round-robin proxy in front of them
# (consecutive turns of a conversation always land on different instances), runs N clinician conversations screening
# new clients for M minutes while check-ins fall due and are sent by the instances' schedulers, and prints the counts:
# turns sent/answered/lost, duplicated records, proactive sends vs expected, scheduled items due/done once/done twice.
# Exits 0 only when nothing was lost or duplicated. Every process it starts, it stops.
#
#   tools/two-instances.sh                                              # 64 conversations, 5 minutes, 256 check-ins
#   TWO_CONVERSATIONS=8 TWO_MINUTES=0.5 TWO_CHECKINS=16 tools/two-instances.sh   # a smoke run
#
# Settings (environment): TWO_CONVERSATIONS (64), TWO_MINUTES (5), TWO_CHECKINS (256), ports TWO_PROXY_PORT (4280),
# TWO_BOT_PORTS ("4281 4282"), TWO_REPLY_PORT (4283), TWO_AZURITE_PORT (4296), TWO_POLL (the scheduler's PollInterval,
# 00:00:05). Needs `npm ci` at the root (Azurite). Logs in the printed work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CONVERSATIONS=${TWO_CONVERSATIONS:-64}
MINUTES=${TWO_MINUTES:-5}
CHECKINS=${TWO_CHECKINS:-256}
PROXY_PORT=${TWO_PROXY_PORT:-4280}
BOT_PORTS=${TWO_BOT_PORTS:-"4281 4282"}
REPLY_PORT=${TWO_REPLY_PORT:-4283}
AZURITE_PORT=${TWO_AZURITE_PORT:-4296}
POLL=${TWO_POLL:-00:00:05}
WORK=$(mktemp -d /tmp/tpb-two-XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x node_modules/.bin/azurite-table ] || { echo "Run 'npm ci --no-audit --no-fund' at the repository root first." >&2; exit 1; }

echo "Building (Release)..." >&2
dotnet build src/TreatmentPlanBot -c Release -nologo -v quiet >/dev/null
dotnet build tools/TwoInstances -c Release -nologo -v quiet >/dev/null
BOT_DLL=$ROOT/src/TreatmentPlanBot/bin/Release/net10.0/TreatmentPlanBot.dll
RUN_DLL=$ROOT/tools/TwoInstances/bin/Release/net10.0/TwoInstances.dll

# start URL LOG COMMAND... and stop PID
source "$ROOT/tools/processes.sh"

AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export Storage__Provider=AzureTables
export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
export Storage__TablePrefix=two
export Clinic__SeedDemoData=false

PIDS+=("$(start "http://127.0.0.1:$AZURITE_PORT/devstoreaccount1/Tables" "$WORK/azurite.log" \
  node_modules/.bin/azurite-table --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --loose \
  --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT")")

instances=()
for port in $BOT_PORTS; do
  PIDS+=("$(start "http://127.0.0.1:$port/readyz" "$WORK/bot-$port.log" env ASPNETCORE_ENVIRONMENT=Development \
    Logging__LogLevel__Default=Warning Scheduler__PollInterval="$POLL" \
    dotnet "$BOT_DLL" --contentRoot "$ROOT/src/TreatmentPlanBot" --urls "http://127.0.0.1:$port")")
  instances+=("http://127.0.0.1:$port")
done

echo "Logs in $WORK" >&2
ASPNETCORE_ENVIRONMENT=Development dotnet "$RUN_DLL" --instances "$(IFS=,; echo "${instances[*]}")" --proxy-port "$PROXY_PORT" \
  --reply-port "$REPLY_PORT" --conversations "$CONVERSATIONS" --minutes "$MINUTES" --checkins "$CHECKINS"
