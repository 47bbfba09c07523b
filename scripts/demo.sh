#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds quasar-server and
# quasar-client in release mode (build/release), generates a 50 MB file and a certificate,
# starts quasar-server on a free port of 127.0.0.1, downloads the file over HTTP/3 with
# quasar-client, checks its SHA-256, prints the client's summary and stops the server.
# Exits non-zero if any step fails. Environment: JOBS (build jobs, default nproc),
# SIZE_MB (default 50).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-$(nproc)}
size_mb=${SIZE_MB:-50}

echo "== installing dependencies"
scripts/setup.sh
command -v openssl >/dev/null || { echo "demo: openssl is missing (apt-get install openssl)" >&2; exit 1; }

echo "== building quasar-server and quasar-client (release, build/release)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DQUASAR_BUILD_TESTS=OFF -DQUASAR_BUILD_BENCH=OFF > /dev/null
# The compiler's output goes to a log, shown only if the build fails.
if ! cmake --build build/release -j "$jobs" --target quasar-server quasar-client \
  > build/release/demo-build.log 2>&1; then
  tail -n 60 build/release/demo-build.log >&2
  echo "demo: the build failed (full log: build/release/demo-build.log)" >&2
  exit 1
fi
server_bin=build/release/tools/server/quasar-server
client_bin=build/release/tools/client/quasar-client

work=$(mktemp -d "${TMPDIR:-/tmp}/quasar-demo-XXXXXX")
server_pid=
stop() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    echo "== server stopped"
  fi
  rm -rf "$work"
}
trap stop EXIT
mkdir -p "$work/www" "$work/downloads"

echo "== generating a ${size_mb} MB file and a certificate for localhost / 127.0.0.1"
head -c $((size_mb * 1000 * 1000)) /dev/urandom > "$work/www/file.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null

echo "== starting quasar-server"
# Port 0: the kernel picks a free port, which the start-up line names.
"$server_bin" --listen 127.0.0.1:0 --root "$work/www" --cert "$work/cert.pem" \
  --key "$work/key.pem" 2> "$work/server.log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | cut -d: -f2 || true)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "demo: quasar-server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
cat "$work/server.log"

url="https://127.0.0.1:$port/file.bin"
echo "== downloading $url over HTTP/3"
"$client_bin" --alpn h3 --ca "$work/cert.pem" -o "$work/downloads" "$url"

echo "== checking SHA-256"
expected=$(sha256sum < "$work/www/file.bin" | cut -d' ' -f1)
actual=$(sha256sum < "$work/downloads/file.bin" | cut -d' ' -f1)
echo "served     $expected"
echo "downloaded $actual"
if [[ $expected != "$actual" ]]; then
  echo "demo: FAILED: the downloaded file differs" >&2
  exit 1
fi
echo "== server log"
sleep 0.2
tail -n +2 "$work/server.log"
echo "demo: OK, ${size_mb} MB over HTTP/3 with matching SHA-256"
