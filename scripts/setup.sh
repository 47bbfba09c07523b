#!/usr/bin/env bash
# Installs every Debian 12 package that quasar's build, tests and benchmarks need.
# Idempotent: packages already present are left alone; apt runs only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config
  clang libclang-rt-14-dev clang-format
  android-libboringssl-dev
  catch2 libbenchmark-dev
  openssl ca-certificates
  # Interop peers (tests/interop, scripts/interop): ngtcp2's examples, quic-go, tshark.
  ngtcp2-client ngtcp2-server golang-go golang-github-lucas-clemente-quic-go-dev
  tshark python3 time
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root (missing: ${missing[*]})" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
