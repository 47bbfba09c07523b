#!/usr/bin/env bash
# Runs the real quasar-server and quasar-client over loopback with HTTP/0.9 (hq-interop; the
# HTTP/3 counterpart is tools_h3_loopback_test.sh): a few MB and a small file are
# downloaded over one connection and compared by SHA-256; a missing file, a path escaping the
# root, an untrusted certificate and a refused cipher suite fail with their reasons; SIGINT
# stops the server cleanly. Usage: tools_loopback_test.sh QUASAR_SERVER QUASAR_CLIENT
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

mkdir -p "$work/www/sub" "$work/out" "$work/qlog"
head -c 4000000 /dev/urandom > "$work/www/big.bin"
echo "small file" > "$work/www/sub/small.txt"
echo "secret" > "$work/secret.txt"

"$server_bin" --listen 127.0.0.1:0 --root "$work/www" --qlog-dir "$work/qlog" \
  --keylog "$work/keys.log" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 50); do
  grep -q "listening on" "$work/server.log" && break
  sleep 0.1
done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | cut -d: -f2) ||
  fail "server did not start"
ca=$(grep -o '/[^ ]*/cert.pem' "$work/server.log") || fail "no generated certificate path"
# An IP literal: "localhost" may resolve to ::1 first, and this server listens on IPv4 only.
base="https://127.0.0.1:$port"
client() { timeout 30 "$client_bin" --alpn hq-interop --ca "$ca" --no-progress "$@"; }

# Two files over one connection, verified byte for byte.
client -o "$work/out" --qlog-dir "$work/qlog" "$base/big.bin" "$base/sub/small.txt" \
  2> "$work/client.log" || { cat "$work/client.log" >&2; fail "download failed"; }
[[ $(sha256sum < "$work/www/big.bin") == $(sha256sum < "$work/out/big.bin") ]] ||
  fail "big.bin differs"
cmp -s "$work/www/sub/small.txt" "$work/out/small.txt" || fail "small.txt differs"
grep -q "2 of 2 downloads complete: .* (4000011 bytes)" "$work/client.log" ||
  fail "summary: $(cat "$work/client.log")"
grep -q "handshake .* (hq-interop, TLS_AES_128_GCM_SHA256), rtt smoothed" "$work/client.log" ||
  fail "summary lacks the handshake line"
grep -q "GET /big.bin 200 4000000 bytes" "$work/server.log" || fail "no request log line"
grep -q "closed: remote application error 0x0: done" "$work/server.log" ||
  fail "no connection close log line"
[[ $(ls "$work/qlog"/*_client.sqlog | wc -l) -eq 1 ]] || fail "no client qlog"
[[ $(ls "$work/qlog"/*_server.sqlog | wc -l) -ge 1 ]] || fail "no server qlog"
grep -q "^CLIENT_HANDSHAKE_TRAFFIC_SECRET " "$work/keys.log" || fail "no key log"

# Standard output.
[[ $(client -q -o - "$base/sub/small.txt" 2>/dev/null) == "small file" ]] || fail "-o - output"

# A missing file: the server resets the stream with 0x194 (404).
if client -o "$work/out" "$base/missing.bin" 2> "$work/client.log"; then fail "404 succeeded"; fi
grep -q "FAILED $base/missing.bin: 404 not found (RESET_STREAM 0x194)" "$work/client.log" ||
  fail "404 reason: $(cat "$work/client.log")"
[[ ! -e "$work/out/missing.bin" && ! -e "$work/out/missing.bin.part" ]] || fail "404 left a file"

# Leaving the root is refused however the dots are spelled.
for path in "/../secret.txt" "/%2e%2e/secret.txt" "/sub/%2E%2E/%2e%2e/secret.txt"; do
  if client -o "$work/out" "$base$path" 2> "$work/client.log"; then fail "$path served"; fi
  grep -q "403 forbidden (RESET_STREAM 0x193)" "$work/client.log" ||
    fail "$path: $(cat "$work/client.log")"
done

# No trust in the self-signed certificate: the handshake fails with a TLS alert.
if timeout 30 "$client_bin" --alpn hq-interop --no-progress -o "$work/out" "$base/sub/small.txt" \
  2> "$work/client.log"; then fail "untrusted certificate accepted"; fi
grep -q "FAILED .*CRYPTO_ERROR 0x1" "$work/client.log" || fail "alert: $(cat "$work/client.log")"

# --chacha20 refuses the AES-128-GCM suite this server picks.
if client --chacha20 -o "$work/out" "$base/sub/small.txt" 2> "$work/client.log"; then
  fail "--chacha20 accepted AES"
fi
grep -q "CRYPTO_ERROR 0x128 (handshake_failure)" "$work/client.log" ||
  fail "--chacha20: $(cat "$work/client.log")"

# --insecure skips verification.
client_insecure() { timeout 30 "$client_bin" --alpn hq-interop --insecure --no-progress "$@"; }
client_insecure -q -o "$work/out" "$base/sub/small.txt" 2>/dev/null || fail "--insecure"

# SIGINT: the server closes its connections and exits 0.
kill -INT "$server_pid"
for _ in $(seq 50); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then fail "server still running after SIGINT"; fi
wait "$server_pid" || fail "server exit status $?"
server_pid=
grep -q "stopped after" "$work/server.log" || fail "no shutdown line"
echo "PASS"
