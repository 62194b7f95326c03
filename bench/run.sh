#!/usr/bin/env bash
# Builds the bench module (and the modules it needs), then runs io.kvx.bench.Bench with the given arguments:
#   bench/run.sh ws|http|memory|all [--connections 64] [--inflight 16] [--warmup 5] [--duration 15] ...
# or the document throughput of a KVX jar (io.kvx.bench.documents.DocumentsBench), fresh server per run:
#   bench/run.sh documents [create|mCreate|get]... [--jar server/target/kvx.jar] [--runs 3] [--duration 10] ...
# or one node with every role against a cluster of four JVMs on loopback (io.kvx.bench.ClusterBench):
#   bench/run.sh cluster [--warmup 5] [--duration 15] [--subscribers 1000] [--server-heap 1g]
# BENCH_SKIP_BUILD=1 reuses the last build; BENCH_JAVA_OPTS replaces the generator JVM's options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # The package phase of the bench module also copies its runtime dependencies to bench/target/lib; jars left there
  # by an older build (jackson-databind, for one, would change how Vert.x encodes JSON) are removed first.
  rm -rf bench/target/lib
  mvn -q -Pbench -DskipTests -pl bench -am package
fi

jar="$(ls bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$jar" || ! -d bench/target/lib ]]; then
  echo "bench is not built: run without BENCH_SKIP_BUILD" >&2
  exit 2
fi

# A private copy of the jars, so that a rebuild of the modules during the run does not affect the child JVMs.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/kvx-bench.XXXXXX")"
trap 'rm -rf "$run_dir"' EXIT
cp "$jar" bench/target/lib/*.jar "$run_dir/"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

main=io.kvx.bench.Bench
if [[ "${1:-}" == "documents" ]]; then
  main=io.kvx.bench.documents.DocumentsBench
  shift
elif [[ "${1:-}" == "cluster" ]]; then
  main=io.kvx.bench.ClusterBench
  shift
fi

# shellcheck disable=SC2086
"$java_bin" ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -Dlogback.configurationFile=logback-bench.xml \
  -cp "$run_dir/*" "$main" "$@"
