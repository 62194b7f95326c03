#!/bin/sh
# Runs bench/scripts/documents-ws.js three times per action, each against a fresh server in an empty directory:
#   bench/scripts/documents-ws.sh [jar] [actions]
# jar defaults to server/target/kvx.jar, actions to "create mCreate get". Prints the load average before each run.
# The figures of docs/benchmarks.md come from the Java load tool instead (bench/run.sh documents): it warms the
# server up first and leaves the CPU that Node's generator needs to the server.
set -e
cd "$(dirname "$0")/../.."
JAR=${1:-server/target/kvx.jar}
ACTIONS=${2:-create mCreate get}
PORT=7598
for action in $ACTIONS; do
  for run in 1 2 3; do
    dir=$(mktemp -d)
    KVX_server__port=$PORT KVX_server__protocols__mqtt__port=0 KVX_storage__path="$dir" \
      java -jar "$JAR" > "$dir.log" 2>&1 &
    server=$!
    until grep -q "ready in" "$dir.log"; do sleep 0.2; done
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    node bench/scripts/documents-ws.js "$action" $PORT
    kill $server
    wait $server || true
    rm -rf "$dir" "$dir.log"
  done
done
