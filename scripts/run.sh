#!/usr/bin/env bash
# Builds wagateway and runs the server in demo mode: a WhatsApp simulator and a simulated phone
# in-process, everything on loopback, nothing leaves the machine.
#
# Usage: bash scripts/run.sh [extra 'wagateway serve' options, e.g. --port 9090 --log-format json]
#   WAGATEWAY_ADMIN_KEY   the admin key (Bearer token); a random one is made and printed if unset
#   WAGATEWAY_SKIP_BUILD  set to 1 to reuse gateway-cli/target/wagateway.jar
#   WAGATEWAY_LOG_FORMAT  text (default) or json: the server's log lines on stderr
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=gateway-cli/target/wagateway.jar
if [ "${WAGATEWAY_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$JAR" ]; then
  echo "run.sh: building (mvn -q -DskipTests package)..." >&2
  mvn -q -DskipTests package
fi

if [ -z "${WAGATEWAY_ADMIN_KEY:-}" ]; then
  WAGATEWAY_ADMIN_KEY="demo-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  echo "run.sh: admin key for this run: ${WAGATEWAY_ADMIN_KEY}" >&2
fi
export WAGATEWAY_ADMIN_KEY

# The URL the hints show: --host/--port as given to serve (both '--opt value' and '--opt=value').
host=127.0.0.1
port=8080
prev=""
for arg in "$@"; do
  case "$prev" in
    --port) port="$arg" ;;
    --host) host="$arg" ;;
  esac
  case "$arg" in
    --port=*) port="${arg#--port=}" ;;
    --host=*) host="${arg#--host=}" ;;
  esac
  prev="$arg"
done
case "$host" in
  0.0.0.0 | "::" | "[::]") host=127.0.0.1 ;;
esac

if [ "$port" = "0" ]; then
  base="http://${host}:<port printed below>"
else
  base="http://${host}:${port}"
fi

cat >&2 <<HELP
run.sh: try it (in another terminal):
  K=${WAGATEWAY_ADMIN_KEY}; B=${base}
  curl -s -H "Authorization: Bearer \$K" -H 'Content-Type: application/json' -d '{"name":"demo"}' \$B/api/v1/sessions
  curl -s -H "Authorization: Bearer \$K" \$B/api/v1/sessions/<id>/qr
  curl -s -H "Authorization: Bearer \$K" -H 'Content-Type: application/json' -d '{"sessionId":"<id>"}' \$B/demo/phone/scan
  curl -s -H "Authorization: Bearer \$K" \$B/api/v1/sessions/<id>/me
  curl -N -H "Authorization: Bearer \$K" \$B/api/v1/events
HELP

exec java -jar "$JAR" serve --demo --data "${WAGATEWAY_DATA:-./data-demo}" "$@"
