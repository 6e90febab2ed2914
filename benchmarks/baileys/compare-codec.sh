#!/usr/bin/env bash
# Sets our WABinary codec (JMH, benchmarks.jar) beside Baileys' (Node.js) on the same corpus,
# vectors/bench-corpus.json (87 stanzas, 12793 bytes), and prints nodes/s, MB/s and the ratio.
#
# Needs java, node and npm (the npm registry must be reachable). Not used by any test.
# Usage: benchmarks/baileys/compare-codec.sh            (from anywhere)
# Tuning (env): WARMUPS=2 ITERATIONS=3 SECONDS_PER_ITERATION=2 FORKS=1 BAILEYS_VERSION=6.7.24
set -euo pipefail

WARMUPS="${WARMUPS:-2}"
ITERATIONS="${ITERATIONS:-3}"
SECONDS_PER_ITERATION="${SECONDS_PER_ITERATION:-2}"
FORKS="${FORKS:-1}"
BAILEYS_VERSION="${BAILEYS_VERSION:-6.7.24}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$root/benchmarks/src/main/resources/dev/wagateway/benchmarks/bench-corpus.json"
jar="$root/benchmarks/target/benchmarks.jar"

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "compare-codec: $tool is required" >&2; exit 2; }
done

if [[ ! -f "$jar" ]]; then
  echo "== building benchmarks.jar"
  (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The codec files (lib/WABinary/*.js) import only node built-ins and each other, so the package
# tarball is enough; a full `npm install` would also fetch libsignal from GitHub.
echo "== fetching @whiskeysockets/baileys@$BAILEYS_VERSION"
(cd "$work" && npm pack --silent "@whiskeysockets/baileys@$BAILEYS_VERSION" >/dev/null && tar xzf ./*.tgz)
echo "   $(node -e "console.log(require('$work/package/package.json').version)") in $work/package"

echo "== Baileys (node $(node --version)): $WARMUPS warmups, $ITERATIONS x ${SECONDS_PER_ITERATION}s"
node "$here/codec-bench.mjs" "$work/package" "$corpus" "$WARMUPS" "$ITERATIONS" \
  "$SECONDS_PER_ITERATION" | tee "$work/baileys.txt"

echo "== wagateway (JMH, $(java -version 2>&1 | head -1))"
if ! java -jar "$jar" NodeCodecBenchmark -wi "$WARMUPS" -i "$ITERATIONS" -f "$FORKS" \
  -w "${SECONDS_PER_ITERATION}s" -r "${SECONDS_PER_ITERATION}s" \
  -rf json -rff "$work/jmh.json" >"$work/jmh.log" 2>&1; then
  # e.g. another JMH run holds /tmp/jmh.lock: wait for it rather than measure side by side
  tail -20 "$work/jmh.log" >&2
  exit 1
fi
grep -E '^(Benchmark +Mode|NodeCodecBenchmark)' "$work/jmh.log"

node - "$work/jmh.json" "$work/baileys.txt" "$corpus" <<'JS'
const fs = require('fs');
const [jmhPath, baileysPath, corpusPath] = process.argv.slice(2);
const corpus = JSON.parse(fs.readFileSync(corpusPath, 'utf8'));
const bytesPerNode = corpus.total_encoded_bytes / corpus.count;
const ours = {};
for (const r of JSON.parse(fs.readFileSync(jmhPath, 'utf8'))) {
  ours[r.benchmark.split('.').pop()] = r.primaryMetric.score;
}
const theirs = {};
for (const line of fs.readFileSync(baileysPath, 'utf8').split('\n')) {
  const m = line.match(/^baileys (\w+) ([\d.]+)/);
  if (m) theirs[m[1]] = Number(m[2]);
}
const mb = (nps) => (nps * bytesPerNode / 1e6).toFixed(1);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`\ncorpus: ${corpus.count} nodes, ${corpus.total_encoded_bytes} bytes (${bytesPerNode.toFixed(1)} bytes/node)`);
console.log('op      wagateway nodes/s   MB/s   Baileys nodes/s   MB/s   ratio');
for (const op of ['encode', 'decode']) {
  console.log(`${op.padEnd(7)} ${fmt(ours[op]).padStart(17)} ${mb(ours[op]).padStart(6)} `
    + `${fmt(theirs[op]).padStart(17)} ${mb(theirs[op]).padStart(6)} ${(ours[op] / theirs[op]).toFixed(1).padStart(6)}x`);
}
JS
