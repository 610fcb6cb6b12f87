#!/usr/bin/env bash
# Measures the bot against the official Bot Framework SDK peer (tools/sdk-peer) on this machine: for each storage
# (SQLite / Azurite tables for the bot; memory / Azurite blobs for the SDK) and each concurrency, starts both fresh,
# drives each with tools/LoadDriver and prints one table. Loopback only; every process it starts, it stops.
#
#   tools/bench.sh                                     # the full table: 1, 16, 64 conversations, SQLite and Azurite
#   BENCH_CONCURRENCY="1 4" BENCH_SECONDS=5 BENCH_STORAGE=sqlite tools/bench.sh     # a smoke run
#
# Settings (environment): BENCH_CONCURRENCY ("1 16 64"), BENCH_STORAGE ("sqlite azurite"), BENCH_SECONDS (20, the
# measured window), BENCH_WARMUP (20 s of load before the window: .NET's tiered JIT keeps recompiling hot code with
# profile data for about 15 s after a start, and on two cores that compilation competes with the turns; see README),
# BENCH_ROUNDS (1; the issue's figures are the median of 3 interleaved rounds),
# ports BENCH_BOT_PORT (4081), BENCH_PEER_PORT (4090), BENCH_REPLY_PORT (4080), BENCH_AZURITE_PORT (4094, and the
# next two). Needs `npm ci` at the root (Azurite) and `npm install --ignore-scripts` in tools/sdk-peer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CONCURRENCY=${BENCH_CONCURRENCY:-"1 16 64"}
STORAGES=${BENCH_STORAGE:-"sqlite azurite"}
SECONDS_MEASURED=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-20}
PACE=${BENCH_PACE:-lifted}
ROUNDS=${BENCH_ROUNDS:-1}
BOT_PORT=${BENCH_BOT_PORT:-4081}
PEER_PORT=${BENCH_PEER_PORT:-4090}
REPLY_PORT=${BENCH_REPLY_PORT:-4080}
AZURITE_PORT=${BENCH_AZURITE_PORT:-4094}
WORK=$(mktemp -d /tmp/tpb-bench-XXXXXX)
RESULTS=$WORK/results.jsonl
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x node_modules/.bin/azurite ] || { echo "Run 'npm ci --no-audit --no-fund' at the repository root first." >&2; exit 1; }
[ -d tools/sdk-peer/node_modules/botbuilder ] || { echo "Run 'npm install --ignore-scripts' in tools/sdk-peer first." >&2; exit 1; }

echo "Building (Release)..." >&2
dotnet build src/TreatmentPlanBot -c Release -nologo -v quiet >/dev/null
dotnet build tools/LoadDriver -c Release -nologo -v quiet >/dev/null
BOT_DLL=$ROOT/src/TreatmentPlanBot/bin/Release/net10.0/TreatmentPlanBot.dll
DRIVER_DLL=$ROOT/tools/LoadDriver/bin/Release/net10.0/LoadDriver.dll

AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
AZURITE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((AZURITE_PORT + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((AZURITE_PORT + 2))/devstoreaccount1;"

# start URL LOG COMMAND... and stop PID
source "$ROOT/tools/processes.sh"

drive() {
  local label=$1 script=$2 url=$3 pid=$4 concurrency=$5 storage_pid=${6:-}
  local storage_args=()
  [ -n "$storage_pid" ] && storage_args=(--storage-pid "$storage_pid")
  dotnet "$DRIVER_DLL" --bot "$url" --script "$script" --concurrency "$concurrency" --seconds "$SECONDS_MEASURED" \
    --warmup "$WARMUP" --pid "$pid" "${storage_args[@]}" --reply-port "$REPLY_PORT" --label "$label" | tail -n 1 | tee -a "$RESULTS" >&2 \
    || echo "$label at $concurrency: no turn finished in the window (see the logs in $WORK)" >&2
}

for round in $(seq 1 "$ROUNDS"); do
  for storage in $STORAGES; do
    azurite_pid=
    if [ "$storage" = azurite ]; then
      azurite_pid=$(start "http://127.0.0.1:$((AZURITE_PORT + 2))/devstoreaccount1/Tables" "$WORK/azurite.log" \
        node_modules/.bin/azurite --silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --loose \
        --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" --queueHost 127.0.0.1 \
        --queuePort "$((AZURITE_PORT + 1))" --tableHost 127.0.0.1 --tablePort "$((AZURITE_PORT + 2))")
      PIDS+=("$azurite_pid")
    fi
    for concurrency in $CONCURRENCY; do
      # Each measurement on a fresh bot and a fresh database: earlier runs leave nothing behind.
      db=$WORK/bot-$round-$concurrency.db
      bot_env=(env ASPNETCORE_ENVIRONMENT=Development Clinic__SeedDemoData=true Logging__LogLevel__Default=Warning)
      if [ "$PACE" = lifted ]; then
        # The connector here is the driver's stub, not Teams: lift the per-conversation send limits (7/s, 1,800/h) so
        # the figures are the bot's own cost, not Teams' pacing of one person typing faster than anyone can.
        bot_env+=(BotConnector__SendsPerSecondPerConversation=1000000 BotConnector__SendsPerHourPerConversation=1000000000)
      fi
      peer_env=(env PEER_PORT="$PEER_PORT")
      if [ "$storage" = azurite ]; then
        bot_env+=(Storage__Provider=AzureTables "Storage__ConnectionString=$AZURITE_CONNECTION" "Storage__TablePrefix=b$round$concurrency")
        peer_env+=(PEER_STORAGE=blobs "PEER_BLOBS_CONNECTION_STRING=$AZURITE_CONNECTION" "PEER_BLOBS_CONTAINER=peer-$round-$concurrency")
      else
        bot_env+=(Storage__Provider=Sqlite "Storage__SqlitePath=$db")
      fi
      bot_pid=$(start "http://127.0.0.1:$BOT_PORT/readyz" "$WORK/bot.log" "${bot_env[@]}" dotnet "$BOT_DLL" \
        --contentRoot "$ROOT/src/TreatmentPlanBot" --urls "http://127.0.0.1:$BOT_PORT")
      PIDS+=("$bot_pid")
      drive "bot $storage" bot "http://127.0.0.1:$BOT_PORT" "$bot_pid" "$concurrency" "$azurite_pid"
      stop "$bot_pid"
      peer_pid=$(start "http://127.0.0.1:$PEER_PORT/healthz" "$WORK/peer.log" "${peer_env[@]}" node tools/sdk-peer/index.js)
      PIDS+=("$peer_pid")
      drive "sdk $storage" sdk "http://127.0.0.1:$PEER_PORT" "$peer_pid" "$concurrency" "$azurite_pid"
      stop "$peer_pid"
    done
    [ -n "$azurite_pid" ] && stop "$azurite_pid"
  done
done

echo
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const median = (xs) => { const s = xs.filter((x) => x !== null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const key = (r) => `${r.label}|${r.concurrency}`;
const groups = new Map();
for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) || []), r]);
const m = (label, c, field) => median((groups.get(`${label}|${c}`) || []).map((r) => r[field]));
const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "-" : x.toFixed(d));
console.log("| storage | conversations | turns/s bot / SDK (ratio) | p99 ms bot / SDK | CPU ms per turn bot / SDK | storage round trips per turn bot / SDK | Azurite CPU, cores busy, bot / SDK | warm-up turns/s bot / SDK | errors |");
console.log("|---|---|---|---|---|---|---|---|---|");
const seen = new Set();
for (const r of rows) {
  const storage = r.label.split(" ")[1];
  if (seen.has(storage + r.concurrency)) continue;
  seen.add(storage + r.concurrency);
  const c = r.concurrency, b = `bot ${storage}`, s = `sdk ${storage}`;
  const tb = m(b, c, "turnsPerSecond"), ts = m(s, c, "turnsPerSecond");
  const errors = (groups.get(`${b}|${c}`) || []).concat(groups.get(`${s}|${c}`) || []).reduce((n, x) => n + x.errors, 0);
  console.log(`| ${storage} | ${c} | ${fmt(tb)} / ${fmt(ts)} (${tb && ts ? (tb / ts).toFixed(2) + "x" : "-"}) | ${fmt(m(b, c, "p99Ms"))} / ${fmt(m(s, c, "p99Ms"))} | ${fmt(m(b, c, "cpuMsPerTurn"), 2)} / ${fmt(m(s, c, "cpuMsPerTurn"), 2)} | ${fmt(m(b, c, "storageRoundTripsPerTurn"), 2)} / ${fmt(m(s, c, "storageRoundTripsPerTurn"), 2)} | ${fmt(m(b, c, "storageCpuCores"), 2)} / ${fmt(m(s, c, "storageCpuCores"), 2)} | ${fmt(m(b, c, "warmupTurnsPerSecond"))} / ${fmt(m(s, c, "warmupTurnsPerSecond"))} | ${errors} |`);
}
console.log(`\n${rows.length} runs, ${process.argv[2]} s measured each, on ${require("os").cpus().length} cores; raw results in ${process.argv[1]}`);
' "$RESULTS" "$SECONDS_MEASURED"
