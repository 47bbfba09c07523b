#!/usr/bin/env bash
# quic-interop-runner endpoint for quasar: maps the runner's contract onto quasar-server and
# quasar-client. In the runner's docker image every path is the runner's; without docker
# (tools/interop/run-local.sh, or a loopback lab) each is overridable by the environment:
#
#   ROLE        server | client                       (required)
#   TESTCASE    the runner's test case name           (required)
#   REQUESTS    client: space-separated https URLs
#   WWW         files to serve                  (default /www)
#   DOWNLOADS   where the client saves          (default /downloads)
#   CERTS       certificate directory           (default /certs: cert.pem, priv.key)
#   CERT, KEY   the two files                   (default $CERTS/cert.pem, $CERTS/priv.key)
#   PORT        server port                     (default 443)
#   LISTEN      server address                  (default [::]:$PORT)
#   ALPN        protocol for cases other than http3 (default hq-interop, as the runner)
#   PREFERRED_ADDRESS  server, connectionmigration: the ADDR:PORT (or one per address family,
#               space-separated) offered as preferred address (default: the listen address with
#               port PORT+1, or, listening on [::], this host's first global IPv4 and IPv6
#               addresses with port PORT+1)
#   SSLKEYLOGFILE, QLOGDIR                      key log and qlog directory, when set
#   QUASAR_BIN  directory holding quasar-server and quasar-client (default /usr/local/bin,
#               else build/release of this checkout)
#
# Exit status: the tool's own (0 = done), or 127 for a test case quasar does not support yet.
set -euo pipefail

role=${ROLE:?ROLE is server or client}
testcase=${TESTCASE:?TESTCASE is the runner test case}
here=$(cd "$(dirname "$0")" && pwd)
bin=${QUASAR_BIN:-/usr/local/bin}
[[ -n ${QUASAR_BIN:-} || -x $bin/quasar-server ]] || bin=$here/../../build/release/tools
# An install directory holds both binaries; a build tree has them in server/ and client/.
server_bin=$bin/quasar-server
client_bin=$bin/quasar-client
[[ -x $server_bin ]] || server_bin=$bin/server/quasar-server
[[ -x $client_bin ]] || client_bin=$bin/client/quasar-client
for b in "$server_bin" "$client_bin"; do
  # Not 127: that would read as "test case unsupported".
  [[ -x $b ]] || { echo "run_endpoint: $b not found (set QUASAR_BIN)" >&2; exit 1; }
done

# In the runner's image, /setup.sh configures the network namespace and routes.
if [[ -x /setup.sh && ${SKIP_SETUP:-0} != 1 ]]; then /setup.sh; fi

unsupported() {
  echo "run_endpoint: test case '$testcase' is not supported by quasar's $role yet" >&2
  exit 127
}

# The preferred addresses for connectionmigration: LISTEN's address with the next port, or for
# a wildcard LISTEN this host's first global address of each family.
default_preferred_addresses() {
  local host=${listen%:*} next=$((${listen##*:} + 1))
  host=${host#[}
  host=${host%]}
  if [[ $host != "::" && $host != "0.0.0.0" ]]; then
    [[ $host == *:* ]] && echo "[$host]:$next" || echo "$host:$next"
    return
  fi
  local v4 v6
  v4=$(ip -o -4 addr show scope global 2> /dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
  v6=$(ip -o -6 addr show scope global 2> /dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
  [[ -n $v4 ]] && echo "$v4:$next"
  [[ -n $v6 ]] && echo "[$v6]:$next"
  [[ -n $v4 || -n $v6 ]] || echo "127.0.0.1:$next"
}

www=${WWW:-/www}
downloads=${DOWNLOADS:-/downloads}
certs=${CERTS:-/certs}
cert=${CERT:-$certs/cert.pem}
key=${KEY:-$certs/priv.key}
port=${PORT:-443}
listen=${LISTEN:-[::]:$port}
alpn=${ALPN:-hq-interop}
[[ $testcase == http3 ]] && alpn=h3

common=()
[[ -n ${SSLKEYLOGFILE:-} ]] && common+=(--keylog "$SSLKEYLOGFILE")
[[ -n ${QLOGDIR:-} ]] && mkdir -p "$QLOGDIR" && common+=(--qlog-dir "$QLOGDIR")
# The runner's captures must see single datagrams: a GSO batch on a veth or lo is captured
# as one oversized datagram that cannot be decrypted.
common+=(--no-gso)

case $role in
  server)
    case $testcase in
      handshake | transfer | chacha20 | multiplexing | multiconnect | http3 | keyupdate | ecn | \
        longrtt | blackhole | transferloss | handshakeloss | handshakecorruption | \
        transfercorruption | amplificationlimit | ipv6 | goodput | crosstraffic) ;;
      # RFC 9000 §8.1.2: every client address is validated with a Retry first.
      retry) common+=(--retry) ;;
      # Session tickets are issued and 0-RTT accepted by default (--early-data on).
      resumption | zerortt) ;;
      # RFC 9368 §4: v2 first, so that a v1 client offering v2 is moved to it (RFC 9369).
      v2) common+=(--v2) ;;
      # An Initial of an unknown version is answered with Version Negotiation (RFC 9000 §6.1)
      # whatever the options.
      versionnegotiation) ;;
      # RFC 9000 §9.6: offer a preferred address (and listen there); the client migrates to it.
      connectionmigration)
        for address in ${PREFERRED_ADDRESS:-$(default_preferred_addresses)}; do
          common+=(--preferred-address "$address")
        done
        ;;
      # rebind-port and rebind-addr reach both endpoints as "transfer": following the
      # rebinding client (RFC 9000 §9.3) is the transport's job.
      *) unsupported ;;
    esac
    exec "$server_bin" --listen "$listen" --root "$www" --cert "$cert" --key "$key" \
      "${common[@]}"
    ;;
  client)
    args=(--insecure --no-progress -o "$downloads" --alpn "$alpn" -p 1000 --timeout 30000)
    case $testcase in
      handshake | transfer | multiplexing | http3 | ecn | longrtt | blackhole | transferloss | \
        handshakecorruption | transfercorruption | amplificationlimit | ipv6 | goodput | \
        crosstraffic) ;;
      # The runner wants a ClientHello that offers TLS_CHACHA20_POLY1305_SHA256 alone. BoringSSL
      # offers every TLS 1.3 suite it has and cannot be told otherwise; quasar-client --chacha20
      # only refuses a server that picks another (docs/interop.md).
      chacha20) unsupported ;;
      keyupdate) args+=(--key-update) ;;
      multiconnect | handshakeloss) ;;
      retry) ;;  # the transport follows one Retry by itself
      resumption | zerortt) ;;
      # RFC 9368 §4: the first flight is v1 and offers v2; the server may move it to v2.
      v2) args+=(--v2) ;;
      # The runner names this case "transfer" for the client; either way the transport moves
      # to the server's preferred address by itself after the handshake (RFC 9000 §9.6.1).
      connectionmigration) ;;
      # RFC 9000 §6.3: a first flight in a reserved version elicits Version Negotiation; the
      # client then goes on in v1 (see below for what counts as success).
      versionnegotiation) args+=(--first-version 0x1a2a3a4a) ;;
      # Port and address rebinding happen in the runner's network, not in the client.
      *) unsupported ;;
    esac
    # In the runner, wait until the simulator is up.
    if [[ -x /wait-for-it.sh && ${SKIP_SETUP:-0} != 1 ]]; then /wait-for-it.sh sim:57832 -s -t 30; fi
    read -r -a urls <<< "${REQUESTS:?REQUESTS holds the URLs to download}"
    mkdir -p "$downloads"
    if [[ $testcase == resumption || $testcase == zerortt ]]; then
      # The first request on one connection, which saves a session; the rest on a second one
      # that resumes it (with its requests in 0-RTT for zerortt).
      session=$(mktemp)
      "$client_bin" "${args[@]}" "${common[@]}" --session-file "$session" "${urls[0]}"
      [[ $testcase == zerortt ]] && args+=(--zero-rtt)
      status=0
      "$client_bin" "${args[@]}" "${common[@]}" --session-file "$session" "${urls[@]:1}" ||
        status=$?
      rm -f "$session"
      exit $status
    fi
    if [[ $testcase == versionnegotiation ]]; then
      # The case asks that a Version Negotiation packet be elicited and acted on. The request
      # (for "/") may then fail, and so must the new attempt against a server without
      # version_information (RFC 9368 §4): success is that the client went on after it.
      log=$(mktemp)
      "$client_bin" "${args[@]}" "${common[@]}" "${urls[@]}" 2> "$log" || true
      cat "$log" >&2
      status=1
      grep -q "after Version Negotiation" "$log" && status=0
      rm -f "$log"
      exit $status
    fi
    if [[ $testcase == multiconnect || $testcase == handshakeloss ]]; then
      # One connection (and handshake) per request.
      for url in "${urls[@]}"; do
        "$client_bin" "${args[@]}" "${common[@]}" "$url"
      done
      exit 0
    fi
    exec "$client_bin" "${args[@]}" "${common[@]}" "${urls[@]}"
    ;;
  *)
    echo "run_endpoint: ROLE must be server or client, not '$role'" >&2
    exit 2
    ;;
esac
