#!/usr/bin/env bash
# Starts a single-node OpenSearch 2.19.6 for the elasticsearch engine's benchmarks, in the background:
#   bench/scripts/opensearch.sh [heap, default 1g]
# It is the node the tests use (OpenSearchLauncher from document-verticle's test classes, on the jars Maven copies
# to document-verticle/target/opensearch-lib: build document-verticle first), here with the JVM's default compilers
# and collector. It listens on an ephemeral loopback port, keeps its data in a new temporary directory, and prints:
#   port=<HTTP port> pid=<node JVM> home=<directory>
# The node stops when its standard input closes: `kill <the printed pid>` stops it too; remove the home afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
heap="${1:-1g}"
lib="$root/document-verticle/target/opensearch-lib"
classes="$root/document-verticle/target/test-classes"
if [[ ! -d "$lib" || ! -d "$classes" ]]; then
  echo "build document-verticle first (mvn -pl document-verticle install)" >&2
  exit 2
fi
home="$(mktemp -d "${TMPDIR:-/tmp}/kvx-opensearch-bench.XXXXXX")"
mkdir -p "$home/config" "$home/plugins" "$home/modules" "$home/logs"
# The node's standard input is a pipe held open, without a word written, by a keeper that ends with the node.
mkfifo "$home/stdin"
java "-Xms$heap" "-Xmx$heap" -Djava.awt.headless=true -Dlog4j2.disable.jmx=true \
  -cp "$lib/*:$classes" io.kvx.document.storage.elasticsearch.OpenSearchLauncher "$home" \
  < "$home/stdin" > "$home/node.log" 2>&1 &
pid=$!
(while kill -0 "$pid" 2>/dev/null; do sleep 1; done) > "$home/stdin" &
for _ in $(seq 1 1200); do
  if [[ -f "$home/http.port" ]]; then
    echo "port=$(cat "$home/http.port") pid=$pid home=$home"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "OpenSearch did not start; end of $home/node.log:" >&2
tail -n 30 "$home/node.log" >&2
kill "$pid" 2>/dev/null || true
exit 1
