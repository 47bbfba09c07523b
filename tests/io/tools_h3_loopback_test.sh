#!/usr/bin/env bash
# Runs the real quasar-server and quasar-client over loopback with HTTP/3 (ALPN h3): a few MB,
# a small file and 60 files on 60 concurrent streams are downloaded and compared by SHA-256;
# the same server also answers HTTP/0.9 (ALPN hq-interop) on another connection; a missing file
# fails with "H3 404", a path climbing out of the root with "H3 400"; key updates happen when
# asked for; sessions resume, with 0-RTT; --retry validates addresses first; every request
# has its log line. Usage: tools_h3_loopback_test.sh SERVER CLIENT
set -euo pipefail

server_bin=$1
client_bin=$2
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- server log" >&2
  cat "$work/server.log" >&2 || true
  exit 1
}

mkdir -p "$work/www/sub" "$work/www/many" "$work/out" "$work/many_out"
head -c 4000000 /dev/urandom > "$work/www/big.bin"
# Long enough for key updates to complete their round trips before the transfer ends.
head -c 12000000 /dev/urandom > "$work/www/long.bin"
echo "small file" > "$work/www/sub/small.txt"
echo "secret" > "$work/secret.txt"
many_urls=()

"$server_bin" --listen 127.0.0.1:0 --root "$work/www" --keylog "$work/keys.log" \
  2> "$work/server.log" &
server_pid=$!
for _ in $(seq 50); do
  grep -q "listening on" "$work/server.log" && break
  sleep 0.1
done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | cut -d: -f2) ||
  fail "server did not start"
ca=$(grep -o '/[^ ]*/cert.pem' "$work/server.log") || fail "no generated certificate path"
base="https://127.0.0.1:$port"
for i in $(seq 60); do
  head -c $((1000 + i * 997)) /dev/urandom > "$work/www/many/f$i.bin"
  many_urls+=("$base/many/f$i.bin")
done
client() { timeout 30 "$client_bin" --ca "$ca" --no-progress "$@"; }
same_sha256() { [[ $(sha256sum < "$1") == $(sha256sum < "$2") ]]; }
# The server logs a request once the client has acknowledged the whole response, and a close
# once it hears it: either may come a moment after the client exits.
server_logged() {
  for _ in $(seq 50); do
    grep -q "$1" "$work/server.log" && return 0
    sleep 0.1
  done
  return 1
}

# HTTP/3 is the default: two files over one connection, verified byte for byte.
client -o "$work/out" "$base/big.bin" "$base/sub/small.txt" 2> "$work/client.log" ||
  { cat "$work/client.log" >&2; fail "h3 download failed"; }
same_sha256 "$work/www/big.bin" "$work/out/big.bin" || fail "big.bin differs"
same_sha256 "$work/www/sub/small.txt" "$work/out/small.txt" || fail "small.txt differs"
grep -q "2 of 2 downloads complete: .* (4000011 bytes)" "$work/client.log" ||
  fail "summary: $(cat "$work/client.log")"
grep -q "handshake .* (h3, TLS_AES_128_GCM_SHA256), rtt smoothed" "$work/client.log" ||
  fail "summary lacks the h3 handshake line: $(cat "$work/client.log")"
server_logged "127.0.0.1:[0-9]* GET /big.bin 200 4000000 bytes" ||
  fail "no request log line for big.bin"
server_logged "GET /sub/small.txt 200 11 bytes" || fail "no log line for small.txt"
# RFC 9114 §8.1: the client closes with H3_NO_ERROR.
server_logged "closed: remote application error 0x100: done" ||
  fail "no connection close log line with H3_NO_ERROR"
grep -q "^CLIENT_TRAFFIC_SECRET_0 " "$work/keys.log" || fail "no key log"

# 60 files on 60 concurrent request streams.
client -p 60 -o "$work/many_out" "${many_urls[@]}" 2> "$work/client.log" ||
  { cat "$work/client.log" >&2; fail "60 parallel downloads failed"; }
for i in $(seq 60); do
  same_sha256 "$work/www/many/f$i.bin" "$work/many_out/f$i.bin" || fail "many/f$i.bin differs"
done
grep -q "60 of 60 downloads complete" "$work/client.log" || fail "60 parallel: summary"

# The same server speaks HTTP/0.9 to a client asking for hq-interop.
rm -f "$work/out/big.bin"
client --alpn hq-interop -o "$work/out" "$base/big.bin" 2> "$work/client.log" ||
  { cat "$work/client.log" >&2; fail "hq-interop download failed"; }
same_sha256 "$work/www/big.bin" "$work/out/big.bin" || fail "big.bin (hq-interop) differs"
grep -q "(hq-interop, TLS_AES_128_GCM_SHA256)" "$work/client.log" || fail "hq-interop summary"

# Key updates when asked for, and the data still intact.
client --key-update-every 20 -o "$work/out" "$base/long.bin" 2> "$work/client.log" ||
  { cat "$work/client.log" >&2; fail "download with key updates failed"; }
same_sha256 "$work/www/long.bin" "$work/out/long.bin" || fail "long.bin (key update) differs"
grep -q "key updates [1-9]" "$work/client.log" || fail "no key update: $(cat "$work/client.log")"

# Another congestion controller; an unknown one is bad usage (exit 2).
rm -f "$work/out/big.bin"
client --cc newreno -q -o "$work/out" "$base/big.bin" 2> /dev/null || fail "--cc newreno"
same_sha256 "$work/www/big.bin" "$work/out/big.bin" || fail "big.bin (newreno) differs"
status=0
client --cc nonsense "$base/big.bin" 2> "$work/client.log" || status=$?
[[ $status -eq 2 ]] || fail "--cc nonsense: exit status $status"

# A missing file: HTTP/3 says 404; the client fails with that reason and leaves no file.
status=0
client -o "$work/out" "$base/missing.bin" 2> "$work/client.log" || status=$?
[[ $status -eq 1 ]] || fail "404: exit status $status"
grep -q "FAILED $base/missing.bin: H3 404 not found" "$work/client.log" ||
  fail "404 reason: $(cat "$work/client.log")"
[[ ! -e "$work/out/missing.bin" && ! -e "$work/out/missing.bin.part" ]] || fail "404 left a file"
server_logged "GET /missing.bin 404 " || fail "no log line for the 404"

# Leaving the root is refused (400) however the dots are spelled.
for path in "/../secret.txt" "/%2e%2e/secret.txt" "/sub/%2E%2E/%2e%2e/secret.txt"; do
  if client -o "$work/out" "$base$path" 2> "$work/client.log"; then fail "$path served"; fi
  grep -q "FAILED .*: H3 40[04]" "$work/client.log" || fail "$path: $(cat "$work/client.log")"
  [[ ! -e "$work/out/secret.txt" ]] || fail "$path saved the secret"
done

# Resumption, then 0-RTT: the session saved by the first connection is resumed by the next.
rm -f "$work/session.bin" "$work/out/small.txt"
client --session-file "$work/session.bin" -o "$work/out" "$base/sub/small.txt" \
  2> "$work/client.log" || fail "first connection with --session-file failed"
[[ -s $work/session.bin ]] || fail "no session saved"
! grep -q "^resumption" "$work/client.log" || fail "a first connection cannot resume"
rm -f "$work/out/big.bin"
client --session-file "$work/session.bin" -o "$work/out" "$base/big.bin" 2> "$work/client.log" ||
  fail "resumed connection failed"
grep -q "^resumption accepted$" "$work/client.log" || fail "resumption: $(cat "$work/client.log")"
same_sha256 "$work/www/big.bin" "$work/out/big.bin" || fail "big.bin (resumed) differs"
rm -f "$work/out/big.bin"
client --session-file "$work/session.bin" --zero-rtt -o "$work/out" "$base/big.bin" \
  2> "$work/client.log" || fail "0-RTT connection failed"
grep -q "^resumption accepted, 0-RTT accepted$" "$work/client.log" ||
  fail "0-RTT: $(cat "$work/client.log")"
same_sha256 "$work/www/big.bin" "$work/out/big.bin" || fail "big.bin (0-RTT) differs"

# --retry: a second server validates the client's address with a Retry first.
"$server_bin" --listen 127.0.0.1:0 --root "$work/www" --retry 2> "$work/retry.log" &
retry_pid=$!
for _ in $(seq 50); do
  grep -q "listening on" "$work/retry.log" && break
  sleep 0.1
done
retry_port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/retry.log" | cut -d: -f2) ||
  fail "the --retry server did not start"
retry_ca=$(grep -o '/[^ ]*/cert.pem' "$work/retry.log")
rm -f "$work/out/small.txt"
timeout 30 "$client_bin" --ca "$retry_ca" --no-progress -o "$work/out" \
  "https://127.0.0.1:$retry_port/sub/small.txt" 2> "$work/client.log" ||
  { kill -KILL "$retry_pid"; cat "$work/client.log" >&2; fail "download through a Retry failed"; }
kill -TERM "$retry_pid"
wait "$retry_pid" || fail "--retry server exit status $?"
same_sha256 "$work/www/sub/small.txt" "$work/out/small.txt" || fail "small.txt (retry) differs"
grep -q "address validated with a Retry" "$work/client.log" || fail "no Retry seen by the client"
grep -q "1 Retry packets sent" "$work/retry.log" || fail "retry log: $(cat "$work/retry.log")"

# SIGTERM: the server closes its connections and exits 0.
kill -TERM "$server_pid"
for _ in $(seq 50); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then fail "server still running after SIGTERM"; fi
wait "$server_pid" || fail "server exit status $?"
server_pid=
grep -q "stopped after" "$work/server.log" || fail "no shutdown line"
echo "PASS"
