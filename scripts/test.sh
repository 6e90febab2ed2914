#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine (real SOCKS5 and
# HTTP CONNECT proxies from Debian's packages, on loopback), then runs every unit and
# integration test of every module.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/proxies.sh start
eval "$(bash scripts/proxies.sh env)"
mvn -B -ntp verify
