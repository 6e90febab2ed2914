#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine (real SOCKS5 and
# HTTP CONNECT proxies from Debian's packages, on loopback), then runs every unit and
# integration test of every module. The dashboard's browser tests need Debian's Chromium and
# its driver; they are installed here when missing (the tests fail under CI=true without them).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium chromium-driver
fi
bash scripts/proxies.sh start
eval "$(bash scripts/proxies.sh env)"
mvn -B -ntp verify
