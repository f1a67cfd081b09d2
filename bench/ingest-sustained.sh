#!/usr/bin/env bash
# Sustained end-to-end ingest (issue #4): the procedure behind docs/performance.md "Ingest end to
# end on a quiet machine". Starts the packaged server (distributor, ingester, querier; compactor
# off) on spare ports with a fresh data directory, warms it with two 8,000-trace bursts, then sends
# each requested rate in turn with `bench e2e` (OTLP/gRPC, 512-span requests, 16 in flight) and
# stops the server. On demand only, never in CI; run it on an otherwise quiet machine.
#
#   bench/ingest-sustained.sh [--rates "100000 120000"] [--traces 300000] [--seed 7]
#                             [--verify false] [--out bench/results/ingest-<time>] [--port-base 23880]
#
# --traces 300000 is ~6.7 M spans, 67 s at 100 k spans/s. The rate limit is off and the tenant's
# live-trace budget is 600 MB, as README "Ingest limits" says a 100 k spans/s tenant needs.
# --verify true reads every acknowledged trace back, live and after POST /flush (slow: ~150 traces
# a second; use --traces 40000 with it).
#
# Needs: server/target/skein-server-*.jar and bench/target/skein-bench.jar (./mvnw -B -ntp -pl
# server,bench -am package -DskipTests), JAVA_HOME pointing at JDK 21+. Writes every run's JSON and
# <out>/runs.log, the server's <out>/server.log and <out>/gc.log; prints each run's acknowledged
# rate, latency and CPU lines. Exits 1 when a run failed or (with --verify true) lost, duplicated or
# invented a span.
set -euo pipefail
source "$(dirname "$0")/server-lib.sh"

rates="100000"
traces=300000
seed=7
verify=false
port_base=23880
out="bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rates) rates="$2"; shift 2 ;;
    --traces) traces="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --verify) verify="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    *) echo "ingest-sustained.sh: unknown flag $1" >&2; exit 2 ;;
  esac
done

java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
server_jar=${INGEST_SERVER_JAR:-$(ls server/target/skein-server-*.jar | grep -v original | head -1)}
bench_jar=${INGEST_BENCH_JAR:-bench/target/skein-bench.jar}
http_port=$port_base
grpc_port=$((port_base + 1))
otlp_http_port=$((port_base + 2))
mkdir -p "$out/data"

"$java" -Xmx2g -Xlog:gc*:file="$out/gc.log" -jar "$server_jar" \
  --skein.data-dir="$out/data" \
  --skein.target=distributor,ingester,querier \
  --skein.server.http-listen-port=$http_port \
  --skein.distributor.otlp-grpc-port=$grpc_port \
  --skein.distributor.otlp-http-port=$otlp_http_port \
  --skein.distributor.rate-limit-bytes=0 \
  --skein.ingester.max-live-trace-bytes=600000000 \
  >"$out/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$out/data"' EXIT
echo "server pid $server_pid, output in $out"

wait_ready ingest-sustained.sh "$server_pid" "$http_port" "$out/server.log"

# e2e <rate> <traces> <seed> <verify>; rate 0 = as fast as the server accepts
e2e() {
  "$java" -jar "$bench_jar" e2e --protocol grpc --rate "$1" --traces "$2" --seed "$3" \
    --concurrency 16 --verify "$4" --flush true --compact false \
    --trace-queries 0 --search-repeats 0 --decode-seconds 0 \
    --endpoint-grpc "127.0.0.1:$grpc_port" --endpoint-http "http://127.0.0.1:$otlp_http_port" \
    --query "http://127.0.0.1:$http_port" --pid "$server_pid" --out "$out"
}

failed=0
for warm in 101 102; do
  echo "=== warm-up burst, seed $warm" >>"$out/runs.log"
  e2e 0 8000 "$warm" false >>"$out/runs.log" 2>&1 || failed=1
done
for rate in $rates; do
  echo "=== rate $rate, $traces traces, seed $seed, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/runs.log"
  if ! e2e "$rate" "$traces" "$seed" "$verify" >"$out/run.tmp" 2>&1; then
    echo "rate $rate: the run failed or verification found a difference (see runs.log)"
    failed=1
  fi
  cat "$out/run.tmp" >>"$out/runs.log"
  grep -E "acknowledged spans/s|after the loader|retryable|CPU-s per 100k|traces checked" "$out/run.tmp" || true
  rm -f "$out/run.tmp"
  seed=$((seed + 1))
done
exit $failed
