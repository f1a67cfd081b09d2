# Shell functions shared by the on-demand benchmark scripts (soak.sh, ingest-sustained.sh); sourced,
# not run.

# wait_ready <who> <server pid> <http port> <server log>: waits up to 120 s for GET /ready; exits 1
# when the server process ends or never becomes ready.
wait_ready() {
  local who=$1 pid=$2 port=$3 log=$4
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { echo "$who: the server exited, see $log" >&2; exit 1; }
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return 0
    sleep 1
  done
  echo "$who: the server was not ready after 120 s, see $log" >&2
  exit 1
}
