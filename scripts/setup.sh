#!/usr/bin/env bash
# Installs the Debian 12 packages actorgraph needs, and nothing when all are there.
set -euo pipefail
PACKAGES=(
  g++ cmake make pkg-config
  librocksdb-dev libjemalloc-dev libcapnp-dev capnproto libboost-graph-dev libboost-regex-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libicu-dev libreadline-dev
  python3 python3-pandas python3-networkx
  libpoppler-cpp-dev libexpat1-dev graphviz libxml2-utils
  chromium
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm (the capnp-es client test): Debian's packages, unless a
# node with npm is already installed (e.g. NodeSource's nodejs, which
# conflicts with Debian's npm package).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  for p in nodejs npm; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
