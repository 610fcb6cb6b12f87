# Sourced by tools/bench.sh and tools/two-instances.sh: start a server in its own process group and wait for it; stop one.

# Starts a command in its own process group and waits until it answers HTTP at url; prints the pid.
start() {
  local url=$1 log=$2; shift 2
  setsid "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sS -o /dev/null "$url" 2>/dev/null && { echo "$pid"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "Failed to start: $* (see $log)" >&2; cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "Timed out starting: $*" >&2; exit 1
}

# Stops a process group started by start(), waiting up to 10 s for its leader to go.
stop() {
  kill -- "-$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
}
