#!/usr/bin/env bash
# The Nu HTML Checker (tests/portal/test_html_valid.py) runs from its npm package,
# vnu-jar, on Debian's Java. Install Java and npm with apt when they are missing, then
# the pinned vnu-jar into .vnu/ (ignored by git). Prints the path of vnu.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
VNU_VERSION=26.9.27
JAR=.vnu/node_modules/vnu-jar/build/dist/vnu.jar
missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the Nu HTML Checker…" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
installed=$(cat .vnu/node_modules/vnu-jar/package.json 2>/dev/null | grep -o '"version": *"[^"]*"' || true)
if [ ! -f "$JAR" ] || [[ "$installed" != *"\"$VNU_VERSION\""* ]]; then
  echo "Installing vnu-jar $VNU_VERSION from npm into .vnu/…" >&2
  mkdir -p .vnu
  npm install --prefix .vnu --no-save --no-audit --no-fund --loglevel=error "vnu-jar@$VNU_VERSION" >&2
fi
[ -f "$JAR" ] || { echo "ERROR: $JAR is still missing" >&2; exit 1; }
java -version >/dev/null 2>&1 || { echo "ERROR: java does not run" >&2; exit 1; }
echo "$(pwd)/$JAR"
