#!/usr/bin/env bash
# The multi-server tests (tests/deploy/) start Debian's nginx and redis-server as the
# current user, on loopback ports; install them with apt when they are missing. Only the
# packages are installed: the system services are not used (the test runs its own).
set -euo pipefail
NGINX=${NGINX:-/usr/sbin/nginx}
REDIS_SERVER=${REDIS_SERVER:-/usr/bin/redis-server}
missing=()
[ -x "$NGINX" ] || missing+=(nginx-light)
[ -x "$REDIS_SERVER" ] || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian's ${missing[*]} for the multi-server tests…"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# policy-rc.d may refuse to start the services; that is fine, the test starts its own.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || true
for binary in "$NGINX" "$REDIS_SERVER"; do
  [ -x "$binary" ] || { echo "ERROR: $binary is still missing" >&2; exit 1; }
done
