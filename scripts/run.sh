#!/usr/bin/env bash
# Builds wagateway and runs the server in demo mode: a WhatsApp simulator and a simulated phone
# in-process, everything on loopback, nothing leaves the machine.
#
# Usage: bash scripts/run.sh [extra 'wagateway serve' options, e.g. --port 9090]
#   WAGATEWAY_ADMIN_KEY   the admin key (Bearer token); a random one is made and printed if unset
#   WAGATEWAY_SKIP_BUILD  set to 1 to reuse gateway-server/target/wagateway.jar
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${WAGATEWAY_SKIP_BUILD:-0}" != "1" ] || [ ! -f gateway-server/target/wagateway.jar ]; then
  echo "run.sh: building (mvn -q -DskipTests package)..." >&2
  mvn -q -DskipTests package
fi

if [ -z "${WAGATEWAY_ADMIN_KEY:-}" ]; then
  WAGATEWAY_ADMIN_KEY="demo-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  echo "run.sh: admin key for this run: ${WAGATEWAY_ADMIN_KEY}" >&2
fi
export WAGATEWAY_ADMIN_KEY

cat >&2 <<HELP
run.sh: try it (in another terminal):
  K=${WAGATEWAY_ADMIN_KEY}; B=http://127.0.0.1:8080
  curl -s -H "Authorization: Bearer \$K" -d '{"name":"demo"}' \$B/api/v1/sessions
  curl -s -H "Authorization: Bearer \$K" \$B/api/v1/sessions/<id>/qr
  curl -s -H "Authorization: Bearer \$K" -d '{"sessionId":"<id>"}' \$B/demo/phone/scan
  curl -s -H "Authorization: Bearer \$K" \$B/api/v1/sessions/<id>/me
  curl -N -H "Authorization: Bearer \$K" \$B/api/v1/events
HELP

exec java -jar gateway-server/target/wagateway.jar serve --demo --data "${WAGATEWAY_DATA:-./data-demo}" "$@"
