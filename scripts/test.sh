#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine, then runs every
# unit and integration test of every module.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
