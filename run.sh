#!/usr/bin/env bash
# Runs the bot locally with embedded storage and opens it in the Microsoft 365 Agents Playground
# (a local Teams-like client). No Azure account or Teams tenant needed. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20 or later is needed for the Agents Playground." >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build src/TreatmentPlanBot -nologo -v quiet
ASPNETCORE_ENVIRONMENT=Development dotnet run --no-build --project src/TreatmentPlanBot --urls "http://localhost:$BOT_PORT" &
bot=$!
trap 'kill $bot 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 60); do
  if curl -fsS "http://localhost:$BOT_PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 $bot 2>/dev/null || { echo "The bot stopped while starting; see the messages above." >&2; exit 1; }
  sleep 1
done

echo
echo "  Bot:        http://localhost:$BOT_PORT/api/messages"
echo "  Playground: http://localhost:$PLAYGROUND_PORT   <- open this in your browser and say 'help'"
echo
npx --no-install agentsplayground -e "http://localhost:$BOT_PORT/api/messages" -c msteams -p "$PLAYGROUND_PORT" --disable-telemetry
