#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it with apt when it is missing.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then exit 0; fi
echo "Chromium not found at $CHROMIUM; installing Debian's chromium…"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
[ -x "$CHROMIUM" ] || { echo "ERROR: Chromium is still missing at $CHROMIUM" >&2; exit 1; }
