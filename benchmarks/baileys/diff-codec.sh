#!/usr/bin/env bash
# Differential check of our WABinary codec against Baileys' on random nodes (not a test; needs
# java, node, npm and the npm registry). Usage: benchmarks/baileys/diff-codec.sh [count] [seed]
set -euo pipefail
COUNT="${1:-20000}"
SEED="${2:-12345}"
BAILEYS_VERSION="${BAILEYS_VERSION:-6.7.24}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@whiskeysockets/baileys@$BAILEYS_VERSION" >/dev/null && tar xzf ./*.tgz)
node "$here/codec-diff.mjs" "$work/package" "$COUNT" "$SEED" >"$work/cases.jsonl"
java -cp "$jar" dev.wagateway.benchmarks.BaileysCodecDiff "$work/cases.jsonl"
