#!/usr/bin/env bash
# Real proxy servers on loopback for the gateway-egress integration tests (*IT):
#   danted    SOCKS5 with username/password (RFC 1929)  socks5://wgproxy:wg-test-pass@127.0.0.1:11080
#   tinyproxy HTTP CONNECT with Basic auth               http://wgproxy:wg-test-pass@127.0.0.1:18080
#
# Each proxy connects OUT from its own loopback address (danted 127.0.0.2, tinyproxy 127.0.0.3), so
# a test server that records its peers can tell a connection relayed by a proxy from a direct one
# (which comes from 127.0.0.1): the no-leak proof in gateway-egress relies on it.
#
# Usage: bash scripts/proxies.sh start|stop|status|env
#   start   installs dante-server and tinyproxy with apt-get when missing, writes their configs
#           under $WAGATEWAY_PROXY_DIR (default /tmp/wagateway-proxies), starts both in the
#           foreground of background jobs with pid files, waits until both ports accept. Idempotent.
#   stop    stops the processes named in the pid files. Idempotent.
#   status  prints which proxies are running.
#   env     prints the exports the tests read:
#             eval "$(bash scripts/proxies.sh env)"
#
# Environment overrides: WAGATEWAY_PROXY_DIR, WAGATEWAY_SOCKS_PORT, WAGATEWAY_HTTP_PROXY_PORT,
# WAGATEWAY_SOCKS_EXIT, WAGATEWAY_HTTP_PROXY_EXIT (the outgoing addresses).
#
# Both proxies accept clients from loopback only and relay only to loopback targets, so they are
# never an open relay. Dante's username method checks the system password database, so start
# creates a system user (no home, no shell) with the test password. Needs root (or sudo).
set -euo pipefail

STATE_DIR="${WAGATEWAY_PROXY_DIR:-/tmp/wagateway-proxies}"
SOCKS_PORT="${WAGATEWAY_SOCKS_PORT:-11080}"
HTTP_PORT="${WAGATEWAY_HTTP_PROXY_PORT:-18080}"
SOCKS_EXIT="${WAGATEWAY_SOCKS_EXIT:-127.0.0.2}"
HTTP_EXIT="${WAGATEWAY_HTTP_PROXY_EXIT:-127.0.0.3}"
PROXY_USER="wgproxy"
PROXY_PASS="wg-test-pass"

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

log() { echo "proxies.sh: $*" >&2; }

alive() { # pidfile
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

port_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

wait_port() { # name port pidfile
  for _ in $(seq 1 100); do
    if port_open "$2"; then
      return 0
    fi
    if ! alive "$3"; then
      log "$1 exited during start-up; its log:"
      cat "$STATE_DIR/$1.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.1
  done
  log "$1 did not open 127.0.0.1:$2 within 10 s"
  return 1
}

install_packages() {
  local missing=()
  command -v danted >/dev/null 2>&1 || [ -x /usr/sbin/danted ] || missing+=(dante-server)
  command -v tinyproxy >/dev/null 2>&1 || [ -x /usr/bin/tinyproxy ] || missing+=(tinyproxy)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
    # Some images start the packaged services; these tests run their own instances.
    for service in danted tinyproxy; do
      if command -v service >/dev/null 2>&1; then
        $SUDO service "$service" stop >/dev/null 2>&1 || true
      fi
    done
  fi
}

ensure_user() {
  if ! id "$PROXY_USER" >/dev/null 2>&1; then
    $SUDO useradd --system --no-create-home --shell /usr/sbin/nologin "$PROXY_USER"
  fi
  echo "$PROXY_USER:$PROXY_PASS" | $SUDO chpasswd
}

write_configs() {
  mkdir -p "$STATE_DIR"
  chmod 0777 "$STATE_DIR"   # tinyproxy drops to nobody and must write its log here
  cat >"$STATE_DIR/danted.conf" <<CONF
logoutput: $STATE_DIR/danted.log
internal: 127.0.0.1 port = $SOCKS_PORT
external: $SOCKS_EXIT
clientmethod: none
socksmethod: username
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
}
socks pass {
  from: 127.0.0.0/8 to: 127.0.0.0/8
  command: connect
  socksmethod: username
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
}
CONF
  cat >"$STATE_DIR/tinyproxy.conf" <<CONF
User nobody
Group nogroup
Port $HTTP_PORT
Listen 127.0.0.1
Timeout 60
MaxClients 32
LogFile "$STATE_DIR/tinyproxy.log"
LogLevel Info
Allow 127.0.0.1
BasicAuth $PROXY_USER $PROXY_PASS
DisableViaHeader Yes
Bind $HTTP_EXIT
CONF
}

start_danted() {
  local pidfile="$STATE_DIR/danted.pid"
  if alive "$pidfile"; then
    log "danted already running (pid $(cat "$pidfile"))"
    return 0
  fi
  if port_open "$SOCKS_PORT"; then
    log "127.0.0.1:$SOCKS_PORT is taken by another process"
    return 1
  fi
  : >"$STATE_DIR/danted.log"
  # Without -D danted stays in the foreground; & makes it our background job.
  $SUDO /usr/sbin/danted -f "$STATE_DIR/danted.conf" -N 1 >>"$STATE_DIR/danted.log" 2>&1 &
  echo $! >"$pidfile"
  wait_port danted "$SOCKS_PORT" "$pidfile"
  log "danted listening on 127.0.0.1:$SOCKS_PORT (pid $(cat "$pidfile"))"
}

start_tinyproxy() {
  local pidfile="$STATE_DIR/tinyproxy.pid"
  if alive "$pidfile"; then
    log "tinyproxy already running (pid $(cat "$pidfile"))"
    return 0
  fi
  if port_open "$HTTP_PORT"; then
    log "127.0.0.1:$HTTP_PORT is taken by another process"
    return 1
  fi
  : >"$STATE_DIR/tinyproxy.log"
  chmod 0666 "$STATE_DIR/tinyproxy.log"
  # -d: stay in the foreground.
  $SUDO /usr/bin/tinyproxy -d -c "$STATE_DIR/tinyproxy.conf" >>"$STATE_DIR/tinyproxy.log" 2>&1 &
  echo $! >"$pidfile"
  wait_port tinyproxy "$HTTP_PORT" "$pidfile"
  log "tinyproxy listening on 127.0.0.1:$HTTP_PORT (pid $(cat "$pidfile"))"
}

stop_one() { # name
  local pidfile="$STATE_DIR/$1.pid"
  if alive "$pidfile"; then
    local pid
    pid="$(cat "$pidfile")"
    $SUDO kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      $SUDO kill -9 "$pid" 2>/dev/null || true
    fi
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$pidfile"
}

print_env() {
  echo "export WAGATEWAY_TEST_SOCKS5=socks5://$PROXY_USER:$PROXY_PASS@127.0.0.1:$SOCKS_PORT"
  echo "export WAGATEWAY_TEST_HTTP_PROXY=http://$PROXY_USER:$PROXY_PASS@127.0.0.1:$HTTP_PORT"
  echo "export WAGATEWAY_TEST_SOCKS5_EXIT=$SOCKS_EXIT"
  echo "export WAGATEWAY_TEST_HTTP_PROXY_EXIT=$HTTP_EXIT"
}

case "${1:-}" in
  start)
    install_packages
    ensure_user
    write_configs
    start_danted
    start_tinyproxy
    print_env
    ;;
  stop)
    stop_one danted
    stop_one tinyproxy
    ;;
  status)
    for name in danted tinyproxy; do
      if alive "$STATE_DIR/$name.pid"; then
        echo "$name running (pid $(cat "$STATE_DIR/$name.pid"))"
      else
        echo "$name stopped"
      fi
    done
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
