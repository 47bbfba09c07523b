#!/usr/bin/env bash
# Runs one quic-interop-runner test case between quasar (through run_endpoint.sh) and an
# independent peer on loopback, in both directions, with the checks the runner makes on its
# capture: the number of handshakes, the QUIC version of every long-header packet, the
# negotiated cipher suite, key phases, ECN marks, HTTP/3 frames, Version Negotiation, v2 in
# the server's Initial and every Handshake packet, the paths and PATH_CHALLENGE / PATH_RESPONSE
# of a migration, and every file by SHA-256.
#
#   tools/interop/run-local.sh PEER TESTCASE [DIRECTION]
#
# PEER: ngtcp2 | quic-go (installed by scripts/interop/install-peers.sh) | quasar (quasar on both
# sides, e.g. for v2, which neither peer speaks in its RFC 9369 form). DIRECTION:
# both (default) | client (quasar client -> PEER server) | server (PEER client -> quasar server).
# ALPN follows the runner (hq-interop except http3) where the peer speaks it; Debian's ngtcp2
# examples speak h3 only, so their runs use h3. Prints PASSED / FAILED / UNSUPPORTED per
# direction; exit 0 when every run passed, 127 when none was supported, 1 otherwise.
# Environment: QUASAR_BIN (see run_endpoint.sh), PEER_BIN, KEEP=DIR to keep the work files.
# Needs root for tshark's capture on lo.
set -euo pipefail

peer=${1:?usage: run-local.sh PEER TESTCASE [both|client|server]}
testcase=${2:?usage: run-local.sh PEER TESTCASE [both|client|server]}
direction=${3:-both}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/interop/peers.sh
source "$here/../../scripts/interop/peers.sh"
[[ $peer == quasar ]] || peer_check "$peer" || exit 1
peer_check tshark || exit 1

# The runner's file sets, scaled down for loopback.
files_for() {
  case $testcase in
    handshake) echo "1000" ;;
    transfer | longrtt | goodput | transferloss) echo "2000000 3000000 5000000" ;;
    multiplexing) for i in $(seq 200); do echo -n "$((30 + i)) "; done ;;
    multiconnect | handshakeloss) echo "1000 1000 1000 1000 1000" ;;
    resumption | zerortt) echo "1000 1000000 2000" ;;
    connectionmigration | rebind-port | rebind-addr) echo "2000000" ;;
    chacha20 | keyupdate | ecn | amplificationlimit) echo "3000000" ;;
    http3) echo "1000 50000 2000000" ;;
    versionnegotiation) ;;  # as the runner: one request for "/", no file
    *) echo "1000" ;;
  esac
}

# Why PEER in PEER_ROLE cannot take part in the test case (empty: it can).
peer_cannot() {
  local peer_role=$1
  case $peer:$peer_role:$testcase in
    quasar:*) ;;
    *:*:v2) echo "the $peer $peer_role speaks QUIC v2 only in its draft form (0x709a50c4)" ;;
    quic-go:client:versionnegotiation) echo "the quic-go client cannot start in an unknown version" ;;
    quic-go:server:connectionmigration) echo "the quic-go server offers no preferred address" ;;
    quic-go:client:connectionmigration) echo "the quic-go client does not move to a preferred address" ;;
  esac
}

# The other side of quasar: a peer, or quasar itself through run_endpoint.sh.
other_server_start() {
  local port=$1 work=$2
  if [[ $peer == quasar ]]; then
    env "${endpoint_env[@]}" ROLE=server LISTEN="127.0.0.1:$port" PREFERRED_ADDRESS="127.0.0.1:$preferred_port" \
      timeout 150 "$here/run_endpoint.sh" > "$work/server.log" 2>&1 &
    PEER_SERVER_PID=$!
    wait_for_log "$work/server.log" "listening on" "$PEER_SERVER_PID"
    return
  fi
  peer_server_start "$peer" "$port" "$work/www" "$work/certs/cert.pem" "$work/certs/priv.key" "$work/server.log"
}
other_client_run() {
  local port=$1 work=$2 log=$3
  shift 3
  if [[ $peer == quasar ]]; then
    env "${endpoint_env[@]}" ROLE=client REQUESTS="$*" timeout 120 "$here/run_endpoint.sh" > "$log" 2>&1
    return
  fi
  peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$log" "$@"
}

# One direction: prints the verdict; returns 0 passed, 1 failed, 127 unsupported.
run_one() {
  local quasar_role=$1
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/quasar-runlocal-XXXXXX")
  local pids=() status=0 reason=""
  local alpn=hq-interop
  [[ $testcase == http3 || $peer == ngtcp2 ]] && alpn=h3
  mkdir -p "$work/www" "$work/downloads" "$work/certs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=server -addext "subjectAltName=DNS:server,DNS:localhost,IP:127.0.0.1" \
    -keyout "$work/certs/priv.key" -out "$work/certs/cert.pem" 2> /dev/null
  local names=() n=0
  for size in $(files_for); do
    n=$((n + 1))
    head -c "$size" /dev/urandom > "$work/www/file$n.bin"
    names+=("file$n.bin")
  done
  local port preferred_port
  port=$(free_udp_port)
  preferred_port=$(free_udp_port)
  local peer_role=server
  [[ $quasar_role == server ]] && peer_role=client
  local cannot
  cannot=$(peer_cannot "$peer_role")
  if [[ -n $cannot ]]; then
    echo "UNSUPPORTED  quasar $quasar_role, $peer $peer_role, $testcase: $cannot"
    rm -rf "$work"
    return 127
  fi
  local urls=()
  for name in "${names[@]}"; do urls+=("https://127.0.0.1:$port/$name"); done
  [[ $testcase == versionnegotiation ]] && urls=("https://127.0.0.1:$port/")

  capture_start "$port $preferred_port" "$work/trace.pcapng" "$work/tshark.log" ||
    { echo "tshark cannot capture on lo" >&2; return 1; }
  local capture=$CAPTURE_PID

  export PEER_KEYLOG=$work/keys.log PEER_ALPN=$alpn PEER_NO_GSO=1
  unset PEER_CIPHERS PEER_KEY_UPDATE
  [[ $testcase == chacha20 ]] && export PEER_CIPHERS=chacha20
  unset PEER_RETRY PEER_PREFERRED_ADDRESS PEER_VERSION
  [[ $testcase == retry ]] && export PEER_RETRY=1
  # RFC 9000 §9.6: a peer server offers a preferred address on the second captured port.
  [[ $testcase == connectionmigration ]] && export PEER_PREFERRED_ADDRESS=127.0.0.1:$preferred_port
  # A reserved version (RFC 9000 §15) elicits Version Negotiation.
  [[ $testcase == versionnegotiation ]] && export PEER_VERSION=0x1a2a3a4a
  endpoint_env=(TESTCASE="$testcase" ALPN="$alpn" WWW="$work/www" DOWNLOADS="$work/downloads"
    CERTS="$work/certs" SSLKEYLOGFILE="$work/keys.log" QLOGDIR="$work/qlog" SKIP_SETUP=1)
  if [[ $quasar_role == server ]]; then
    env "${endpoint_env[@]}" ROLE=server LISTEN="127.0.0.1:$port" \
      PREFERRED_ADDRESS="127.0.0.1:$preferred_port" \
      timeout 150 "$here/run_endpoint.sh" > "$work/server.log" 2>&1 &
    pids+=($!)
    if ! wait_for_log "$work/server.log" "listening on" "${pids[-1]}"; then
      wait "${pids[-1]}" || status=$?
      [[ $status -eq 127 ]] || { status=1; reason="quasar-server did not start"; }
    else
      [[ $testcase == keyupdate ]] && export PEER_KEY_UPDATE=1
      if [[ $peer == quasar ]]; then
        other_client_run "$port" "$work" "$work/client.log" "${urls[@]}" || status=$?
      elif [[ ($testcase == resumption || $testcase == zerortt) && $peer == quic-go ]]; then
        # One process, two connections (Go cannot save a session to a file).
        PEER_RESUME=1 PEER_0RTT=$([[ $testcase == zerortt ]] && echo 1 || echo 0) \
          peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$work/client.log" "${urls[@]}" ||
          status=$?
      elif [[ $testcase == resumption || $testcase == zerortt ]]; then
        export PEER_SESSION_FILE=$work/session.bin
        if [[ $testcase == resumption ]]; then export PEER_NO_EARLY_DATA=1; else unset PEER_NO_EARLY_DATA; fi
        peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$work/client1.log" "${urls[0]}" || status=$?
        [[ $status -ne 0 ]] ||
          peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$work/client.log" "${urls[@]:1}" ||
          status=$?
        unset PEER_SESSION_FILE PEER_NO_EARLY_DATA
      elif [[ $testcase == multiconnect || $testcase == handshakeloss ]]; then
        for url in "${urls[@]}"; do
          peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$work/client.log" "$url" || status=$?
        done
      else
        peer_client_run "$peer" "127.0.0.1:$port" "$work/downloads" "$work/client.log" "${urls[@]}" || status=$?
      fi
      [[ $status -eq 0 ]] || reason="the $peer client failed (exit $status)"
    fi
  else
    other_server_start "$port" "$work" || { status=1; reason="the $peer server did not start"; }
    pids+=("$PEER_SERVER_PID")
    if [[ $status -eq 0 ]]; then
      env "${endpoint_env[@]}" ROLE=client REQUESTS="${urls[*]}" \
        timeout 120 "$here/run_endpoint.sh" > "$work/client.log" 2>&1 || status=$?
      [[ $status -eq 0 || $status -eq 127 ]] || reason="quasar-client failed (exit $status)"
    fi
  fi
  sleep 0.3
  kill -INT "$capture" 2> /dev/null || true
  wait "$capture" 2> /dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done

  local label="quasar $quasar_role, $peer $peer_role, $testcase ($alpn)"
  if [[ $status -eq 127 ]]; then
    echo "UNSUPPORTED  $label"
    if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp -r "$work" "$KEEP/"; fi
    rm -rf "$work"
    return 127
  fi
  if [[ $status -eq 0 ]]; then
    reason=$(check_trace "$work" "${#names[@]}" "${names[@]}") || status=1
  fi
  if [[ $status -eq 0 ]]; then
    echo "PASSED       $label"
  else
    echo "FAILED       $label: $reason"
    for log in server client; do
      echo "--- $log.log" >&2
      tail -n 15 "$work/$log.log" >&2 || true
    done
  fi
  if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp -r "$work" "$KEEP/"; fi
  rm -rf "$work"
  return $((status == 0 ? 0 : 1))
}

# The runner's checks on the files and the capture; prints the first failure.
check_trace() {
  local work=$1 count=$2
  shift 2
  for name in "$@"; do
    [[ -f $work/downloads/$name ]] || { echo "$name was not downloaded"; return 1; }
    [[ $(sha256sum < "$work/www/$name") == $(sha256sum < "$work/downloads/$name") ]] ||
      { echo "$name differs"; return 1; }
  done
  # A gap in the capture makes tshark expand later packet numbers wrongly and fail to decrypt.
  if grep -q "packets dropped" "$work/tshark.log"; then
    echo "the capture lost packets ($(grep -o '[0-9]* packets dropped' "$work/tshark.log")): rerun on a quieter machine"
    return 1
  fi
  ts() { tshark -r "$work/trace.pcapng" -o "tls.keylog_file:$work/keys.log" "$@" 2> /dev/null; }
  local handshakes expected=1
  # As the runner counts them: distinct SCIDs of the server's Initial packets, so that a
  # retransmitted ClientHello or server flight does not count twice.
  handshakes=$(server_scids_of "$initial_filter" | wc -l)
  [[ $testcase == multiconnect || $testcase == handshakeloss ]] && expected=$count
  [[ $testcase == resumption || $testcase == zerortt ]] && expected=2
  # A client may restart after Version Negotiation, and its first ClientHello may be readable
  # (the ngtcp2 client sends an unknown version with v1's packet protection): not counted, as
  # the runner does not count them in this case.
  if [[ $testcase != versionnegotiation && $handshakes -ne $expected ]]; then
    echo "$handshakes handshakes, expected $expected"
    return 1
  fi
  local versions
  case $testcase in
    v2) check_v2 || return 1 ;;
    versionnegotiation) check_version_negotiation || return 1 ;;
    *)
      versions=$(ts -Y "quic.long.packet_type" -T fields -e quic.version | tr ',' '\n' | sort -u | tr '\n' ' ')
      [[ $versions == "0x00000001 " ]] || { echo "QUIC versions seen: $versions(expected 0x00000001 only)"; return 1; }
      ;;
  esac
  local flagged
  flagged=$(ts -Y "_ws.malformed || _ws.expert.severity >= warning" -T fields -e frame.number | head -3 | tr '\n' ' ')
  [[ -z $flagged ]] || { echo "tshark flagged frames $flagged"; return 1; }
  case $testcase in
    chacha20)
      # As the runner: the client's Initials offer ChaCha20-Poly1305 and nothing else.
      local offered
      offered=$(ts -Y "tls.handshake.type == 1" -T fields -e tls.handshake.ciphersuite | tr ',' '\n' | sort -u | tr '\n' ' ')
      [[ $offered == "0x1303 " ]] || { echo "cipher suites offered: $offered(expected 0x1303 only)"; return 1; }
      local suites
      suites=$(ts -Y "tls.handshake.type == 2" -T fields -e tls.handshake.ciphersuite | sort -u | tr '\n' ' ')
      [[ $suites == "0x1303 " ]] || { echo "cipher suites chosen: $suites(expected 0x1303)"; return 1; }
      ;;
    keyupdate)
      local phases
      phases=$(ts -Y "quic.short && quic.key_phase == 1" -T fields -e frame.number | wc -l)
      ((phases > 0)) || { echo "no packet with key phase 1"; return 1; }
      ;;
    ecn)
      local marked
      marked=$(ts -Y "ip.dsfield.ecn == 1 || ip.dsfield.ecn == 2" -T fields -e frame.number | wc -l)
      ((marked > 0)) || { echo "no ECT-marked packet"; return 1; }
      ;;
    resumption | zerortt)
      # RFC 8446 §2.2: a resumed handshake sends no certificate. As the runner: the first
      # handshake (its server SCID) carries one, the second none, however often either was sent.
      local first second
      first=$(server_scids_of "$initial_filter" | head -1)
      second=$(server_scids_of "$initial_filter" | tail -1)
      ts -Y "udp.srcport == $port && tls.handshake.type == 11" -T fields -e quic.scid |
        tr ',' '\n' | grep -v '^$' | sort -u > "$work/certificate_scids.txt"
      grep -qx "$first" "$work/certificate_scids.txt" || { echo "no certificate in the first handshake"; return 1; }
      ! grep -qx "$second" "$work/certificate_scids.txt" || { echo "a certificate in the second handshake (it must resume)"; return 1; }
      ;;&
    zerortt)
      # RFC 9001 §4.6: the second connection's request travelled in 0-RTT packets.
      local early
      early=$(ts -Y "quic.long.packet_type == 1" -T fields -e frame.number | wc -l)
      ((early > 0)) || { echo "no 0-RTT packet"; return 1; }
      ;;
    retry)
      # RFC 9000 §17.2.5: one Retry, and the client's next Initial carries its token.
      local retries tokens
      retries=$(ts -Y "quic.long.packet_type == 3" -T fields -e frame.number | wc -l)
      ((retries == 1)) || { echo "$retries Retry packets, expected 1"; return 1; }
      tokens=$(ts -Y "quic.long.packet_type == 0 && quic.token_length > 0" -T fields -e frame.number | wc -l)
      ((tokens > 0)) || { echo "no Initial carried the Retry token"; return 1; }
      ;;
    connectionmigration)
      check_migration || return 1
      ;;
    http3)
      local frames
      frames=$(ts -Y http3 -T fields -e frame.number | wc -l)
      ((frames > 0)) || { echo "no HTTP/3 frame decoded"; return 1; }
      ;;
  esac
}

# Initial packets of either version (v2 numbers its packet types differently, RFC 9369 §3.2).
initial_filter="((quic.version == 1 && quic.long.packet_type == 0) || quic.long.packet_type_v2 == 1)"

# The SCIDs of the server's packets matching FILTER, each once, in order of appearance.
server_scids_of() {
  ts -Y "udp.srcport == $port && $1" -T fields -e quic.scid | tr ',' '\n' | grep -v '^$' | awk '!seen[$0]++'
}

# The versions (sorted, space-separated) of the long-header packets matching FILTER.
versions_of() {
  ts -Y "$1" -T fields -e quic.version | tr ',' '\n' | grep -v '^$' | sort -u | tr '\n' ' '
}

# The runner's v2 test: the client's Initials include v1, the server's Initials include v2, and
# every Handshake packet either way is v2 (RFC 9368 §4, RFC 9369). v2 numbers its long packet
# types differently (RFC 9369 §3.2: Initial 1, Handshake 3), which tshark shows in a field of
# their own.
check_v2() {
  local v1=0x00000001 v2=0x6b3343cf got
  local initial="((quic.version == 1 && quic.long.packet_type == 0) || quic.long.packet_type_v2 == 1)"
  local handshake="((quic.version == 1 && quic.long.packet_type == 2) || quic.long.packet_type_v2 == 3)"
  got=$(versions_of "udp.dstport == $port && $initial")
  [[ " $got" == *" $v1 "* ]] || { echo "client Initial versions: $got(expected $v1 among them)"; return 1; }
  got=$(versions_of "udp.srcport == $port && $initial")
  [[ " $got" == *" $v2 "* ]] || { echo "server Initial versions: $got(expected $v2 among them)"; return 1; }
  got=$(versions_of "udp.dstport == $port && $handshake")
  [[ $got == "$v2 " ]] || { echo "client Handshake versions: $got(expected $v2 only)"; return 1; }
  got=$(versions_of "udp.srcport == $port && $handshake")
  [[ $got == "$v2 " ]] || { echo "server Handshake versions: $got(expected $v2 only)"; return 1; }
}

# The runner's versionnegotiation test: a Version Negotiation packet whose SCID is the DCID of
# the client's first Initial (RFC 9000 §17.2.1).
check_version_negotiation() {
  local dcid vn_scids
  dcid=$(ts -Y "udp.dstport == $port && quic.long.packet_type" -T fields -e quic.dcid | head -1 | cut -d, -f1)
  [[ -n $dcid ]] || { echo "no client Initial"; return 1; }
  vn_scids=$(ts -Y "quic.version == 0" -T fields -e quic.scid | tr ',' '\n')
  grep -qx "$dcid" <<< "$vn_scids" ||
    { echo "no Version Negotiation packet with SCID $dcid (seen: $(echo $vn_scids))"; return 1; }
}

# The runner's connectionmigration test: the server's packets use more than one path and the
# first on each new path carries a PATH_CHALLENGE, which the client answers; the client's first
# packet on each new path uses a new DCID (RFC 9000 §9.5, §9.6).
check_migration() {
  local server_ports=" $port $preferred_port "
  ts -Y quic -T fields -E separator=";" -e udp.srcport -e udp.dstport -e quic.dcid \
    -e quic.path_challenge.data -e quic.path_response.data > "$work/paths.txt"
  awk -F";" -v sp="$server_ports" '
    function from_server(p) { return index(sp, " " p " ") > 0 }
    {
      split($3, d, ","); dcid = d[1]
      if (from_server($1)) {
        path = $1 ">" $2
        if (spath == "") { spath = path; spaths[path] = 1; next }
        if (path != spath && !(path in spaths)) {
          spaths[path] = 1; spath = path; npaths++
          if ($4 == "") { print "the first server packet on path " path " carries no PATH_CHALLENGE"; bad = 1; exit }
        }
        n = split($4, sent, ","); for (i = 1; i <= n; i++) challenges[sent[i]] = 1
      } else {
        n = split($5, answered, ","); for (i = 1; i <= n; i++) responses[answered[i]] = 1
        path = $1 ">" $2
        if (cpath == "") { cpath = path; cpaths[path] = 1; cdcid = dcid; next }
        if (path != cpath && !(path in cpaths)) {
          cpaths[path] = 1; cpath = path
          if (dcid == cdcid) { print "the client kept DCID " dcid " on its new path " path; bad = 1; exit }
          cdcid = dcid
        }
      }
    }
    END {
      if (bad) exit 1
      if (npaths < 1) { print "the server used a single path"; exit 1 }
      for (data in challenges) if (!(data in responses)) { print "PATH_CHALLENGE " data " was not answered"; exit 1 }
    }' "$work/paths.txt"
}

case $direction in
  both) roles=(client server) ;;
  client | server) roles=("$direction") ;;
  *) echo "run-local: DIRECTION is both, client or server" >&2; exit 2 ;;
esac
passed=0 failed=0 unsupported=0
for role in "${roles[@]}"; do
  rc=0
  run_one "$role" || rc=$?
  case $rc in
    0) passed=$((passed + 1)) ;;
    127) unsupported=$((unsupported + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
((failed == 0)) || exit 1
((passed > 0)) || exit 127
exit 0
