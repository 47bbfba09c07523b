# shellcheck shell=bash
# Sourced by the interop tests and tools: starts and runs the independent QUIC peers on
# loopback with the options the tests need. The peers are installed by
# scripts/interop/install-peers.sh into PEER_BIN (default build/interop-peers/bin).
#
#   peer_check IMPL                          fails with what to install when IMPL is missing
#   peer_server_start IMPL PORT WWW CERT KEY LOG    background server; sets PEER_SERVER_PID
#   peer_client_run IMPL HOST:PORT OUT LOG URL...   downloads into OUT; non-zero on failure
#   free_udp_port                            prints a free UDP port of 127.0.0.1
#   capture_start PORTS FILE LOG             tshark capture on lo of the udp PORTS (one, or
#                                            several space-separated), running once it
#                                            returns; sets CAPTURE_PID
#
# IMPL is ngtcp2 (Debian's ngtcp2 example client and server, GnuTLS; HTTP/3 only) or quic-go
# (scripts/interop/quicgo, built on Debian's quic-go; HTTP/3 and hq-interop).
# Options through the environment:
#   PEER_ALPN=h3|hq-interop   client protocol (quic-go; ngtcp2 speaks h3 only)
#   PEER_CIPHERS=chacha20     offer (client) or accept (server) only ChaCha20-Poly1305
#   PEER_KEY_UPDATE=1         client initiates key updates (ngtcp2: one, 10 ms after the
#                             handshake; quic-go: every 100 packets); server: quic-go only
#   PEER_KEYLOG=FILE          append TLS secrets (NSS key log format)
#   PEER_NO_GSO=1             ngtcp2 server: one datagram per send, so that captures decode
#   PEER_RETRY=1              server: validate every client address with a Retry
#   PEER_CA=FILE              quic-go client: verify the server with this CA
#   PEER_TIMEOUT=SECONDS      client run limit (default 60)
#   PEER_SESSION_FILE=FILE    ngtcp2 client: resume the session saved there (and save it)
#   PEER_NO_EARLY_DATA=1      ngtcp2 client: resume without 0-RTT
#   PEER_PREFERRED_ADDRESS=A:P  ngtcp2 server: offer A:P as preferred address (RFC 9000 §9.6)
#   PEER_VERSION=HEX          ngtcp2 client: the first flight's version (e.g. a reserved one,
#                             which elicits Version Negotiation); it then picks v1 (RFC 9000 §6.2)
#   PEER_MIGRATE_AFTER=MS     ngtcp2 client: move to a new local port MS ms after the handshake;
#                             PEER_NAT_REBINDING=1: without path validation, as a NAT would
#   PEER_RESUME=1             quic-go client: the first URL on one connection, the rest on a
#                             second that resumes its session; PEER_0RTT=1: in 0-RTT
#   PEER_KEEP_ALIVE=DURATION  quic-go client: PING after this long without receiving (Go
#                             duration, e.g. 300ms)

interop_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PEER_BIN=${PEER_BIN:-$interop_repo/build/interop-peers/bin}

peer_check() {
  local missing=()
  case $1 in
    ngtcp2) [[ -x $PEER_BIN/gtlsclient && -x $PEER_BIN/gtlsserver ]] ||
      missing+=("ngtcp2 (apt-get install ngtcp2-client ngtcp2-server)") ;;
    quic-go) [[ -x $PEER_BIN/quicgo-peer ]] ||
      missing+=("quic-go peer (apt-get install golang-go golang-github-lucas-clemente-quic-go-dev)") ;;
    tshark) command -v tshark > /dev/null || missing+=("tshark (apt-get install tshark)") ;;
    python3) command -v python3 > /dev/null || missing+=("python3 (apt-get install python3)") ;;
    *) echo "peers: unknown peer $1" >&2; return 2 ;;
  esac
  if ((${#missing[@]} > 0)); then
    echo "MISSING PEER: ${missing[*]} not found in $PEER_BIN; run scripts/interop/install-peers.sh" >&2
    return 1
  fi
}

free_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# GnuTLS priority string for PEER_CIPHERS (ngtcp2's --ciphers).
ngtcp2_ciphers() {
  case ${PEER_CIPHERS:-} in
    chacha20) echo "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305" ;;
    aes128) echo "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM" ;;
    *) echo "peers: unknown PEER_CIPHERS ${PEER_CIPHERS:-}" >&2; return 2 ;;
  esac
}

# Waits (5 s at most) until LOG contains PATTERN or PID died.
wait_for_log() {
  local log=$1 pattern=$2 pid=$3
  for _ in $(seq 100); do
    grep -q "$pattern" "$log" 2> /dev/null && return 0
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.05
  done
  return 1
}

peer_server_start() {
  local impl=$1 port=$2 www=$3 cert=$4 key=$5 log=$6
  local args=()
  peer_check "$impl" || return 1
  case $impl in
    ngtcp2)
      [[ -z ${PEER_KEY_UPDATE:-} ]] || { echo "peers: the ngtcp2 server cannot initiate key updates" >&2; return 127; }
      args=(-q -d "$www" --timeout=30s)
      [[ -n ${PEER_CIPHERS:-} ]] && args+=(--ciphers="$(ngtcp2_ciphers)")
      [[ ${PEER_NO_GSO:-0} == 1 ]] && args+=(--max-gso-dgrams=1)
      [[ ${PEER_RETRY:-0} == 1 ]] && args+=(-V)
      [[ -n ${PEER_PREFERRED_ADDRESS:-} ]] && args+=(--preferred-ipv4-addr="$PEER_PREFERRED_ADDRESS")
      # gtlsserver takes ADDR PORT KEY CERT, the key first.
      SSLKEYLOGFILE=${PEER_KEYLOG:-} timeout 300 "$PEER_BIN/gtlsserver" "${args[@]}" \
        127.0.0.1 "$port" "$key" "$cert" > "$log" 2>&1 &
      PEER_SERVER_PID=$!
      wait_for_log "$log" "Using document root" "$PEER_SERVER_PID" || {
        echo "peers: gtlsserver did not start: $(cat "$log")" >&2; return 1; }
      ;;
    quic-go)
      args=(server -listen "127.0.0.1:$port" -www "$www" -cert "$cert" -key "$key")
      [[ -n ${PEER_CIPHERS:-} ]] && args+=(-ciphers "$PEER_CIPHERS")
      [[ -n ${PEER_KEYLOG:-} ]] && args+=(-keylog "$PEER_KEYLOG")
      [[ -n ${PEER_KEY_UPDATE:-} ]] && args+=(-keyupdate 100)
      [[ ${PEER_RETRY:-0} == 1 ]] && args+=(-retry)
      [[ -z ${PEER_PREFERRED_ADDRESS:-} ]] ||
        { echo "peers: the quic-go server cannot offer a preferred address" >&2; return 127; }
      timeout 300 "$PEER_BIN/quicgo-peer" "${args[@]}" > "$log" 2>&1 &
      PEER_SERVER_PID=$!
      wait_for_log "$log" "listening on" "$PEER_SERVER_PID" || {
        echo "peers: quicgo-peer server did not start: $(cat "$log")" >&2; return 1; }
      ;;
    *) echo "peers: unknown peer $impl" >&2; return 2 ;;
  esac
}

peer_client_run() {
  local impl=$1 connect=$2 out=$3 log=$4
  shift 4
  local args=() status=0
  peer_check "$impl" || return 1
  mkdir -p "$out"
  case $impl in
    ngtcp2)
      [[ ${PEER_ALPN:-h3} == h3 ]] || { echo "peers: the ngtcp2 client speaks h3 only" >&2; return 127; }
      # Without --exit-on-all-streams-close it waits for the idle timeout after the downloads.
      args=(-q --exit-on-all-streams-close --download "$out" --timeout=10s)
      [[ -n ${PEER_CIPHERS:-} ]] && args+=(--ciphers="$(ngtcp2_ciphers)")
      [[ -n ${PEER_KEY_UPDATE:-} ]] && args+=(--key-update=10ms)
      if [[ -n ${PEER_SESSION_FILE:-} ]]; then
        # The session and the server's transport parameters, for resumption and 0-RTT.
        args+=(--session-file="$PEER_SESSION_FILE" --tp-file="$PEER_SESSION_FILE.tp")
        [[ ${PEER_NO_EARLY_DATA:-0} == 1 ]] && args+=(--disable-early-data)
      fi
      [[ -n ${PEER_VERSION:-} ]] && args+=(--version="$PEER_VERSION" --preferred-versions=v1)
      [[ -n ${PEER_MIGRATE_AFTER:-} ]] && args+=(--change-local-addr="${PEER_MIGRATE_AFTER}ms")
      [[ ${PEER_NAT_REBINDING:-0} == 1 ]] && args+=(--nat-rebinding)
      SSLKEYLOGFILE=${PEER_KEYLOG:-} timeout "${PEER_TIMEOUT:-60}" "$PEER_BIN/gtlsclient" \
        "${args[@]}" "${connect%:*}" "${connect##*:}" "$@" > "$log" 2>&1 || status=$?
      # It exits 0 even when the transfer failed: its log says so.
      # With PEER_VERSION, the Version Negotiation it is meant to elicit is logged as an error.
      if grep -E ": ERR_|^Could not|^Unable to| failed" "$log" | grep -v ERR_DRAINING |
        { if [[ -n ${PEER_VERSION:-} ]]; then grep -v ERR_RECV_VERSION_NEGOTIATION; else cat; fi; } >&2; then
        status=1
      fi
      ;;
    quic-go)
      args=(client -connect "$connect" -o "$out" -alpn "${PEER_ALPN:-h3}" -timeout "${PEER_TIMEOUT:-60}s")
      [[ -n ${PEER_CIPHERS:-} ]] && args+=(-ciphers "$PEER_CIPHERS")
      [[ -n ${PEER_KEYLOG:-} ]] && args+=(-keylog "$PEER_KEYLOG")
      [[ -n ${PEER_KEY_UPDATE:-} ]] && args+=(-keyupdate 100)
      [[ -n ${PEER_CA:-} ]] && args+=(-ca "$PEER_CA")
      [[ ${PEER_RESUME:-0} == 1 ]] && args+=(-resume)
      [[ ${PEER_0RTT:-0} == 1 ]] && args+=(-0rtt)
      [[ -n ${PEER_KEEP_ALIVE:-} ]] && args+=(-keepalive "$PEER_KEEP_ALIVE")
      if [[ -n ${PEER_VERSION:-} || -n ${PEER_MIGRATE_AFTER:-} ]]; then
        echo "peers: the quic-go client can neither start in another version nor migrate" >&2
        return 127
      fi
      timeout "$((${PEER_TIMEOUT:-60} + 5))" "$PEER_BIN/quicgo-peer" "${args[@]}" "$@" \
        > "$log" 2>&1 || status=$?
      ;;
    *) echo "peers: unknown peer $impl" >&2; return 2 ;;
  esac
  return $status
}

# Starts tshark on lo for udp PORT and returns once it really captures: tshark says
# "Capturing on" before its capture is live, so a probe datagram to a second, unused port is
# sent until the file holds it. A 64 MiB buffer keeps a busy machine from dropping packets.
capture_start() {
  local ports=$1 file=$2 log=$3 probe filter=""
  probe=$(free_udp_port)
  for p in $ports; do filter+="udp port $p or "; done
  tshark -i lo -B 64 -f "${filter}udp port $probe" -w "$file" -a duration:120 \
    > "$log" 2>&1 &
  CAPTURE_PID=$!
  wait_for_log "$log" "Capturing on" "$CAPTURE_PID" || return 1
  local empty=""
  for _ in $(seq 100); do
    python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"probe", ("127.0.0.1", int(sys.argv[1])))' "$probe"
    sleep 0.05
    [[ -s $file ]] || continue
    [[ -n $empty ]] || empty=$(stat -c %s "$file")
    (($(stat -c %s "$file") > empty)) && return 0
  done
  return 1
}
