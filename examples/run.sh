#!/usr/bin/env bash
# Builds the examples (with the modules they use) and runs one of them.
#
# Usage: examples/run.sh <InProcessHosting|RunServer|SdkFlow|EgressAgentExample> [arguments]
#   SKIP_BUILD=1  reuse the last build (examples/target/classpath.txt must exist)
# Every example runs offline (loopback only; the messaging ones against the in-process WhatsApp
# simulator), ends by itself and exits with 0 on success, 1 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:?usage: examples/run.sh <InProcessHosting|RunServer|SdkFlow|EgressAgentExample> [arguments]}"
shift

if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f examples/target/classpath.txt ]; then
  echo "run.sh: building (mvn -q -pl examples -am package -DskipTests)..." >&2
  mvn -q -pl examples -am package -DskipTests
fi

exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" \
  "dev.wagateway.examples.${name}" "$@"
