#!/usr/bin/env bash
# Installs the independent QUIC stacks the interop tests run against, from Debian 12 packages
# only, and builds the repository's own Go peers (scripts/interop/quicgo) against Debian's
# quic-go source in GOPATH mode (no module download: GO111MODULE=off GOPROXY=off).
#
#   scripts/interop/install-peers.sh [BIN_DIR]     (default build/interop-peers/bin)
#
# Packages: ngtcp2-client, ngtcp2-server (the ngtcp2 example client and server, GnuTLS),
# golang-go, golang-github-lucas-clemente-quic-go-dev, tshark, openssl, python3, time.
# apt runs only when a package is missing (SKIP_APT=1: never). The Go build is redone only when
# its sources changed. Afterwards BIN_DIR holds gtlsclient, gtlsserver, quicgo-peer.
# PEERS_OPTIONAL=1 (the build does this, with SKIP_APT=1): build what the installed packages
# allow and exit 0 either way; the interop tests then say what is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/interop-peers/bin}
mkdir -p "$bin"
bin=$(cd "$bin" && pwd)
build=$(dirname "$bin")/build

packages=(ngtcp2-client ngtcp2-server golang-go golang-github-lucas-clemente-quic-go-dev
  tshark openssl python3 time)

if [[ ${SKIP_APT:-0} != 1 ]]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} > 0)); then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || { echo "install-peers: run as root (missing: ${missing[*]})" >&2; exit 1; }
      sudo=sudo
    fi
    echo "install-peers: installing ${missing[*]}"
    # tshark's debconf question (may non-root users capture?) is answered "no" up front.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

ln -sf /usr/bin/gtlsclient "$bin/gtlsclient"
ln -sf /usr/sbin/gtlsserver "$bin/gtlsserver"

missing_go() {
  echo "install-peers: $1; the quic-go peer is not built (scripts/interop/install-peers.sh installs it)" >&2
  [[ ${PEERS_OPTIONAL:-0} == 1 ]] && exit 0
  exit 1
}
command -v go > /dev/null || missing_go "no Go compiler (golang-go)"

# The Go peer lives inside a private copy of Debian's quic-go tree: that is what lets it set
# quic-go's internal key update interval (a package under quic-go/internal).
src=/usr/share/gocode/src/github.com/lucas-clemente/quic-go
[[ -d $src ]] || missing_go "$src missing (golang-github-lucas-clemente-quic-go-dev)"
stamp=$(cat "$src/go.mod" "$here"/quicgo/*.go | sha256sum | cut -c1-16)
if [[ -x $bin/quicgo-peer && $(cat "$build/.stamp" 2>/dev/null) == "$stamp" ]]; then
  echo "install-peers: peers up to date in $bin"
  exit 0
fi
gopath=$build/gopath
tree=$gopath/src/github.com/lucas-clemente/quic-go
rm -rf "$tree"
mkdir -p "$(dirname "$tree")"
cp -r "$src" "$tree"
mkdir -p "$tree/quasarpeer"
cp "$here"/quicgo/*.go "$tree/quasarpeer/"
export GO111MODULE=off GOPROXY=off GOFLAGS='' GOPATH="$gopath:/usr/share/gocode" \
  GOCACHE="$build/gocache"
go build -o "$bin/quicgo-peer" github.com/lucas-clemente/quic-go/quasarpeer
echo "$stamp" > "$build/.stamp"
echo "install-peers: built quicgo-peer in $bin"
