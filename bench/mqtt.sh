#!/usr/bin/env bash
# The MQTT benchmarks: Kuzzle requests and notifications over MQTT, and plain pub/sub against Mosquitto.
#   bench/mqtt.sh [requests|notifications|pubsub|all]... [--rounds 3] [--clients 64] [--pairs 32] ...
# Builds the bench module alone: the server modules come from the local repository (~/.m2), so install a changed
# module first (e.g. mvn -o -q -pl mqtt-verticle install). BENCH_SKIP_BUILD=1 reuses the last build;
# BENCH_JAVA_OPTS replaces the generator JVM's options. Needs the mosquitto broker (apt-get install -y mosquitto).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  mvn -o -q -Pbench -DskipTests -pl bench package
fi
if ! command -v mosquitto >/dev/null && [[ ! -x /usr/sbin/mosquitto ]]; then
  echo "mosquitto is not installed: apt-get install -y mosquitto" >&2
  exit 2
fi

jar="$(ls bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$jar" || ! -d bench/target/lib ]]; then
  echo "bench is not built: run without BENCH_SKIP_BUILD" >&2
  exit 2
fi

# The child JVMs load their classes from a private copy, which a rebuild during the run cannot change.
jars="$(mktemp -d "${TMPDIR:-/tmp}/kvx-mqtt-bench.XXXXXX")"
trap 'rm -rf "$jars"' EXIT
cp "$jar" bench/target/lib/*.jar "$jars/"

export PATH="$PATH:/usr/sbin"
# shellcheck disable=SC2086
"${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -Dlogback.configurationFile=logback-bench.xml \
  -cp "$jars/*" io.kvx.bench.mqtt.MqttBench "$@"
