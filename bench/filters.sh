#!/usr/bin/env bash
# KVX's realtime filter engine against Koncorde 4.7.0 on one seeded data set (bench/README.md):
#   bench/filters.sh [--rounds 3] [--scenarios equals-10k,bool-100k] [--seed N] [--documents N] [--no-check]
#                    [--warmup 3] [--measure 5] [--min-passes 3] [--cap 30] [--attempts 3] [--max-other-cores 0.25]
# Installs koncorde in bench/koncorde when it is missing, generates the data set when it is missing or stale, runs
# both engines on it once per round (one after the other, never at the same time), then prints the comparison table.
# Exit status: 0 when every goal is met, 1 when one is missed, 2 on a usage error, 3 when the bench itself fails.
# BENCH_SKIP_BUILD=1 reuses the last build; FILTERS_JAVA_OPTS and FILTERS_NODE_OPTS replace the options of the JVM
# (default -Xms2g -Xmx2g) and of node (default --max-old-space-size=8192; --expose-gc is always added).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

koncorde_dir=bench/koncorde
data=bench/target/filters-data
results=bench/target/filters-results
rounds=1
seed=20240611
documents=10000
check=1
timing=()

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:?}"; shift 2 ;;
    --seed) seed="${2:?}"; shift 2 ;;
    --documents) documents="${2:?}"; shift 2 ;;
    --no-check) check=0; shift ;;
    --scenarios | --warmup | --measure | --min-passes | --cap | --attempts | --max-other-cores)
      timing+=("$1" "${2:?}"); shift 2 ;;
    *) usage ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || usage

fail() {
  echo "filters.sh: $*" >&2
  exit 3
}

koncorde_ready() {
  (cd "$koncorde_dir" && node -e "
    if (require('koncorde/package.json').version !== '4.7.0') process.exit(1);
    new (require('koncorde').Koncorde)();" 2>/dev/null)
}

# Koncorde's native dependencies (re2, boost-geospatial-index, kuzzle-espresso-logic-minimizer) are built from
# source: package.json approves their install scripts, and re2 must not try to download a prebuilt binary.
install_koncorde() {
  koncorde_ready && return
  echo "installing koncorde 4.7.0 in $koncorde_dir (native builds, about 3 minutes)"
  (cd "$koncorde_dir" \
    && npm ci --ignore-scripts --no-audit --no-fund \
    && RE2_DOWNLOAD_SKIP_PATH=1 RE2_DOWNLOAD_SKIP_VER=1 npm rebuild --foreground-scripts) >&2 \
    || fail "npm could not install koncorde"
  koncorde_ready || fail "koncorde does not load after the install"
}

data_current() {
  [[ -f "$data/manifest.json" && "$data/manifest.json" -nt "$koncorde_dir/generate.js" ]] \
    && node -e "const m = require('./$data/manifest.json');
      process.exit(m.seed === $seed && m.documents === $documents ? 0 : 1)"
}

install_koncorde
if ! data_current; then
  rm -rf "$data"
  node "$koncorde_dir/generate.js" --out "$data" --seed "$seed" --documents "$documents" || fail "generate.js failed"
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # Only the bench module: the modules it depends on come from the local repository (mvn install them first). The
  # package phase copies the runtime dependencies to bench/target/lib; jars an older build left there go first.
  rm -rf bench/target/lib
  mvn -q -Pbench -DskipTests -pl bench package || fail "the bench module does not build"
fi
jar="$(ls bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)"
[[ -n "$jar" && -d bench/target/lib ]] || fail "bench is not built: run without BENCH_SKIP_BUILD"

# A private copy of the jars, so that rebuilding the modules during the run does not change the classes in use.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/kvx-filters.XXXXXX")"
trap 'rm -rf "$run_dir"' EXIT
cp "$jar" bench/target/lib/*.jar "$run_dir/"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi
filter_bench() {
  # shellcheck disable=SC2086
  "$java_bin" ${FILTERS_JAVA_OPTS:--Xms2g -Xmx2g} -Dlogback.configurationFile=logback-bench.xml \
    -cp "$run_dir/*" io.kvx.bench.filters.FilterBench "$@"
}

rm -rf "$results"
mkdir -p "$results"
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds"
  check_flags=()
  if [[ "$check" == 1 && "$round" == 1 ]]; then
    check_flags=(--check "$results/check")
  fi
  # shellcheck disable=SC2086
  node --expose-gc ${FILTERS_NODE_OPTS:---max-old-space-size=8192} "$koncorde_dir/driver.js" --data "$data" \
    --out "$results/koncorde-$round.json" "${check_flags[@]}" "${timing[@]}" || fail "the Koncorde driver failed"
  filter_bench measure --data "$data" --out "$results/kvx-$round.json" "${check_flags[@]}" "${timing[@]}" \
    || fail "the KVX harness failed"
done

status=0
filter_bench report --data "$data" --results "$results" || status=$?
exit "$status"
