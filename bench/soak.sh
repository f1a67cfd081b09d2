#!/usr/bin/env bash
# One-hour soak (issue #9): a packaged Skein server under a steady OTLP load from the bench tool,
# sampling the server's heap after a full GC, open file descriptors and threads once a minute.
# On demand only, never in CI. See docs/reliability.md ("Soak").
#
#   bench/soak.sh [--minutes 60] [--rate 4000] [--verify-all false] [--out bench/results/soak-<time>]
#                 [--port-base 23870]
#
# Each round sends about two minutes of the e2e workload at --rate, then checks 50 random fully
# acknowledged traces by id (every span back). --verify-all true reads back every acknowledged trace
# after each round instead; on a busy 2-core machine that takes several times longer than the
# sending, so the load is then no longer steady.
#
# Needs: server/target/skein-server-*.jar and bench/target/skein-bench.jar (./mvnw -B -ntp -pl
# server,bench -am package -DskipTests), JAVA_HOME pointing at JDK 21+ (jcmd is used for the GC).
# Writes <out>/samples.csv (one row a minute), <out>/rounds.log (every e2e round's report),
# <out>/server.log; exits 1 when any round found a lost, duplicated or extra span (or the tool
# failed).
set -euo pipefail
source "$(dirname "$0")/server-lib.sh"

minutes=60
rate=4000
verify_all=false
port_base=23870
out="bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --verify-all) verify_all="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    *) echo "soak.sh: unknown flag $1" >&2; exit 2 ;;
  esac
done

java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
jcmd="${JAVA_HOME}/bin/jcmd"
# SOAK_SERVER_JAR / SOAK_BENCH_JAR: copies of the jars, so that a rebuild cannot change them mid-run.
server_jar=${SOAK_SERVER_JAR:-$(ls server/target/skein-server-*.jar | grep -v original | head -1)}
bench_jar=${SOAK_BENCH_JAR:-bench/target/skein-bench.jar}
http_port=$port_base
grpc_port=$((port_base + 1))
otlp_http_port=$((port_base + 2))
mkdir -p "$out/data"

# Short flush and compaction periods so the hour exercises many block cuts, completions and
# compactions, not just the live-trace map.
"$java" -Xmx1g -jar "$server_jar" \
  --skein.data-dir="$out/data" \
  --skein.server.http-listen-port=$http_port \
  --skein.distributor.otlp-grpc-port=$grpc_port \
  --skein.distributor.otlp-http-port=$otlp_http_port \
  --skein.ingester.max-block-duration=1m \
  --skein.compactor.cycle-period=30s \
  --skein.storage.blocklist-poll=30s \
  >"$out/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; [[ -n "${sampler_pid:-}" ]] && kill $sampler_pid 2>/dev/null || true' EXIT
echo "server pid $server_pid, output in $out"

wait_ready soak.sh "$server_pid" "$http_port" "$out/server.log"

sample() {
  local t heap fds threads rss
  t=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  "$jcmd" "$server_pid" GC.run >/dev/null
  # "garbage-first heap   total reserved 1048576K, committed 262144K, used 81234K"
  heap=$("$jcmd" "$server_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9')
  fds=$(ls "/proc/$server_pid/fd" | wc -l)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
  echo "$t,$((heap / 1024)),$fds,$threads,$((rss / 1024))"
}

echo "utc,heap_after_gc_mib,open_fds,threads,rss_mib" >"$out/samples.csv"
(
  while kill -0 "$server_pid" 2>/dev/null; do
    sample >>"$out/samples.csv" || true
    sleep 60
  done
) &
sampler_pid=$!

# Traces per round: about two minutes of load at the target rate (~22 spans per trace).
traces=$((rate * 120 / 22))
end=$(($(date +%s) + minutes * 60))
round=0
failed=0
while [[ $(date +%s) -lt $end ]]; do
  round=$((round + 1))
  left=$((end - $(date +%s)))
  echo "=== round $round (seed $round), $(date -u +%H:%M:%S)" >>"$out/rounds.log"
  if ! "$java" -jar "$bench_jar" e2e --protocol grpc --rate "$rate" --traces "$traces" \
      --seed "$round" --concurrency 4 --max-duration "$left" \
      --endpoint-grpc "127.0.0.1:$grpc_port" --endpoint-http "http://127.0.0.1:$otlp_http_port" \
      --query "http://127.0.0.1:$http_port" --pid "$server_pid" \
      --verify "$verify_all" --flush false --trace-queries 50 --search-repeats 0 --decode-seconds 0 \
      --out "$out" >>"$out/rounds.log" 2>&1; then
    echo "round $round: verification failed or the tool failed (see rounds.log)" | tee -a "$out/rounds.log"
    failed=1
  fi
done
sample >>"$out/samples.csv"
echo "done: $round rounds; samples in $out/samples.csv"
exit $failed
