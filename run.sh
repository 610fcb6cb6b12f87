#!/usr/bin/env bash
# Runs the bot locally with embedded storage and opens it in the Microsoft 365 Agents Playground
# (a local Teams-like client). No Azure account or Teams tenant needed. Ctrl+C stops what this started.
#
#   ./run.sh                  the bot, and a Playground as the demo clinician (the config's currentUser)
#   ./run.sh --as supervisor  another Playground as a person from .m365agentsplayground.yml (by user id, name, email
#                             or object id: supervisor, client, colleague, client-riley, client-morgan...), on port
#                             PLAYGROUND_PORT + their position in the file; uses the bot already running, else starts it
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}
CONFIG="$PWD/.m365agentsplayground.yml"

as=""
while [ $# -gt 0 ]; do
  case "$1" in
    --as) [ $# -ge 2 ] || { echo "--as needs a person: supervisor, client, a name or an email." >&2; exit 2; }; as=$2; shift 2 ;;
    --as=*) as=${1#--as=}; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "Unknown option $1 (try --as supervisor)." >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20 or later is needed for the Agents Playground." >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# Playground config for the chosen person: they become currentUser and everyone else (the Playground wants exactly
# five) the users; each Playground gets its own chat ids, so the bot keeps their conversations apart.
playground_config=$CONFIG
port=$PLAYGROUND_PORT
who="the demo clinician"
if [ -n "$as" ]; then
  mkdir -p .local/playground
  chosen=$(node - "$CONFIG" "$as" <<'NODE'
const fs = require("fs");
const YAML = require("yaml");
const [configPath, wanted] = process.argv.slice(2);
const config = YAML.parse(fs.readFileSync(configPath, "utf8"));
const people = [config.currentUser, ...config.users];
const w = wanted.toLowerCase();
const tests = [
  p => p.id.toLowerCase() === w,
  p => p.aadObjectId.toLowerCase() === w,
  p => [p.email, p.userPrincipleName].some(e => e && (e.toLowerCase() === w || e.toLowerCase().split("@")[0] === w)),
  p => p.name.toLowerCase().split(/\s+/).includes(w) || p.name.toLowerCase() === w,
];
let index = -1;
for (const test of tests) { index = people.findIndex(test); if (index >= 0) break; }
if (index < 0) {
  console.error(`No one called '${wanted}' in ${configPath}. Try one of: ${people.map(p => p.id).join(", ")}.`);
  process.exit(3);
}
const me = people[index];
const others = people.filter((_, i) => i !== index);
const out = { ...config, currentUser: me, users: others,
  personalChat: { id: `personal-chat-${me.id}` },
  groupChat: { ...config.groupChat, id: `group-chat-${me.id}` } };
const file = `.local/playground/${me.id.replace(/[^A-Za-z0-9_-]/g, "_")}.yml`;
fs.writeFileSync(file, "# Written by run.sh --as from .m365agentsplayground.yml; edit that file instead.\n" + YAML.stringify(out));
console.log(`${index}\t${file}\t${me.name}`);
NODE
  ) || exit $?
  IFS=$'\t' read -r index file name <<<"$chosen"
  playground_config="$PWD/$file"
  port=$((PLAYGROUND_PORT + index))
  who=$name
fi

bot=""
if curl -fsS "http://localhost:$BOT_PORT/healthz" >/dev/null 2>&1; then
  echo "Using the bot already running on port $BOT_PORT."
else
  dotnet build src/TreatmentPlanBot -nologo -v quiet
  # The bot's local directory is the Playground config; a person at position N is reached on PLAYGROUND_PORT + N.
  ASPNETCORE_ENVIRONMENT=Development Playground__ConfigPath="$CONFIG" Playground__Port="$PLAYGROUND_PORT" \
    dotnet run --no-build --project src/TreatmentPlanBot --urls "http://localhost:$BOT_PORT" &
  bot=$!
  trap 'kill $bot 2>/dev/null || true' EXIT INT TERM

  for _ in $(seq 1 60); do
    if curl -fsS "http://localhost:$BOT_PORT/healthz" >/dev/null 2>&1; then break; fi
    kill -0 $bot 2>/dev/null || { echo "The bot stopped while starting; see the messages above." >&2; exit 1; }
    sleep 1
  done
fi

echo
echo "  Bot:        http://localhost:$BOT_PORT/api/messages"
echo "  Playground: http://localhost:$port   <- open this in your browser as $who and say 'help'"
[ -z "$as" ] && echo "  Another person: ./run.sh --as supervisor (or client) in a second terminal."
echo
M365_AGENTS_PLAYGROUND_CONFIG_PATH="$playground_config" \
  npx --no-install agentsplayground -e "http://localhost:$BOT_PORT/api/messages" -c msteams -p "$port" --disable-telemetry
