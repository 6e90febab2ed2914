#!/usr/bin/env bash
# Sets our Signal implementation (JMH SignalBenchmark, benchmarks.jar) beside libsignal-node as
# Baileys runs it (Baileys' Signal repository: npm `libsignal` for 1:1, Baileys' sender-key code for
# groups) on the same machine, and prints messages/s for each case and the ratio.
#
# Needs java, node and npm (the npm registry must be reachable). Not used by any test.
# Usage: benchmarks/libsignal/compare-signal.sh            (from anywhere)
# Tuning (env): WARMUPS=3 ITERATIONS=5 SECONDS_PER_ITERATION=2 FORKS=1 BAILEYS_VERSION=6.7.24
#               LIBSIGNAL_VERSION=6.0.0
set -euo pipefail

WARMUPS="${WARMUPS:-3}"
ITERATIONS="${ITERATIONS:-5}"
SECONDS_PER_ITERATION="${SECONDS_PER_ITERATION:-2}"
FORKS="${FORKS:-1}"
BAILEYS_VERSION="${BAILEYS_VERSION:-6.7.24}"
LIBSIGNAL_VERSION="${LIBSIGNAL_VERSION:-6.0.0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "compare-signal: $tool is required" >&2; exit 2; }
done

if [[ ! -f "$jar" ]]; then
  echo "== building benchmarks.jar"
  (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Baileys declares libsignal as a GitHub dependency; the registry's `libsignal` package is the same
# code (libsignal-node 6.0.0, as in the vectors' README). So: Baileys' other dependencies and
# libsignal from the registry, then the Baileys tarball unpacked beside them (npm would prune it
# if it were installed first).
echo "== installing libsignal@$LIBSIGNAL_VERSION and @whiskeysockets/baileys@$BAILEYS_VERSION in $work"
(
  cd "$work"
  npm init -y >/dev/null
  npm pack --silent "@whiskeysockets/baileys@$BAILEYS_VERSION" >/dev/null
  tar xzf ./*.tgz
  deps="$(node -e '
    const d = require("./package/package.json").dependencies;
    console.log(Object.entries(d).filter(([n]) => n !== "libsignal").map(([n, v]) => n + "@" + v).join(" "));')"
  # shellcheck disable=SC2086
  npm install --silent --no-audit --no-fund --no-save "libsignal@$LIBSIGNAL_VERSION" $deps >/dev/null
  mkdir -p node_modules/@whiskeysockets
  mv package node_modules/@whiskeysockets/baileys
)

echo "== load: $(uptime)"
echo "== libsignal-node (node $(node --version)): $WARMUPS warmups, $ITERATIONS x ${SECONDS_PER_ITERATION}s"
node "$here/signal-bench.mjs" "$work/node_modules" "$WARMUPS" "$ITERATIONS" \
  "$SECONDS_PER_ITERATION" | tee "$work/node.txt"

echo "== load: $(uptime)"
echo "== wagateway (JMH, $(java -version 2>&1 | head -1))"
# Another JMH run holds /tmp/jmh.lock: wait for it (up to LOCK_WAIT_SECONDS) rather than measure
# side by side with it.
deadline=$((SECONDS + ${LOCK_WAIT_SECONDS:-900}))
until java -jar "$jar" SignalBenchmark -wi "$WARMUPS" -i "$ITERATIONS" -f "$FORKS" \
  -w "${SECONDS_PER_ITERATION}s" -r "${SECONDS_PER_ITERATION}s" \
  -rf json -rff "$work/jmh.json" >"$work/jmh.log" 2>&1; do
  if grep -q 'Unable to acquire the JMH lock' "$work/jmh.log" && ((SECONDS < deadline)); then
    echo "   another JMH run holds the lock; waiting"
    sleep 10
    continue
  fi
  tail -20 "$work/jmh.log" >&2
  exit 1
done
grep -E '^(Benchmark +Mode|SignalBenchmark)' "$work/jmh.log"
echo "== load: $(uptime)"

node - "$work/jmh.json" "$work/node.txt" <<'JS'
const fs = require('fs');
const [jmhPath, nodePath] = process.argv.slice(2);
const ours = {};
for (const r of JSON.parse(fs.readFileSync(jmhPath, 'utf8'))) {
  ours[r.benchmark.split('.').pop()] = r.primaryMetric.score;
}
const theirs = {};
for (const line of fs.readFileSync(nodePath, 'utf8').split('\n')) {
  const m = line.match(/^libsignal-node (\w+) ([\d.]+)/);
  if (m) theirs[m[1]] = Number(m[2]);
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log('\ncase                 wagateway msg/s   libsignal-node msg/s    ratio');
for (const op of ['oneToOne', 'oneToOneAlternating', 'group']) {
  console.log(`${op.padEnd(20)} ${fmt(ours[op]).padStart(15)} ${fmt(theirs[op]).padStart(22)} `
    + `${(ours[op] / theirs[op]).toFixed(1).padStart(7)}x`);
}
JS
