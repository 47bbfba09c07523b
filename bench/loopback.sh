#!/usr/bin/env bash
# Loopback throughput side by side, in one run: the QUIC-shaped ceiling of this machine
# (bench/io/udp_ceiling: AES-128-GCM-protected 1200-byte datagrams in GSO batches, GRO on
# receive, no protocol logic), quasar-client <- quasar-server, ngtcp2 <- ngtcp2 and
# quic-go <- ngtcp2, each downloading one file over HTTP/3 with AES-128-GCM, each side pinned
# to its own CPU (server CPU 0, client CPU 1). Prints a markdown table of medians: goodput
# (file bytes over the client's wall time, start-up and handshake included), CPU seconds and
# peak RSS per side, and each goodput's ratio to the ceiling and to the best peer.
#
#   bench/loopback.sh [SIZE_MB (default 1000)] [RUNS (default 3)]
#
# Builds quasar-server and quasar-client in release mode (build/release) and udp_ceiling
# (build/release/bench-io/udp_ceiling), and installs the peers with
# scripts/interop/install-peers.sh. Files live in /dev/shm so the disk is not measured.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-1000}
runs=${2:-3}
jobs=${JOBS:-$(nproc)}

scripts/setup.sh > /dev/null
scripts/interop/install-peers.sh > /dev/null
# shellcheck source=../scripts/interop/peers.sh
source scripts/interop/peers.sh
peer_check ngtcp2
peer_check quic-go
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DQUASAR_BUILD_TESTS=OFF -DQUASAR_BUILD_BENCH=OFF > /dev/null
cmake --build build/release -j "$jobs" --target quasar-server quasar-client > /dev/null
mkdir -p build/release/bench-io
ceiling_bin=build/release/bench-io/udp_ceiling
if [[ ! -x $ceiling_bin || bench/io/udp_ceiling.cc -nt $ceiling_bin ]]; then
  g++ -O2 -std=c++20 -o "$ceiling_bin" bench/io/udp_ceiling.cc -I/usr/include/android \
    -L/usr/lib/x86_64-linux-gnu/android -Wl,-rpath,/usr/lib/x86_64-linux-gnu/android -lcrypto
fi
server_bin=$PWD/build/release/tools/server/quasar-server
client_bin=$PWD/build/release/tools/client/quasar-client

work=$(mktemp -d /dev/shm/quasar-bench-XXXXXX)
server_pid=
cleanup() {
  [[ -z $server_pid ]] || kill -TERM "$server_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www" "$work/dl"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
head -c $((size_mb * 1000000)) /dev/urandom > "$work/www/f.bin"
bytes=$(stat -c %s "$work/www/f.bin")

# A value from a `time -v` report, in seconds or kB.
report() {
  sed -n "s/^\s*$2: //p" "$1" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3;
    else if (NF == 2) print $1 * 60 + $2; else print $1 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'; }

# run_pair NAME: one download; appends "goodput cli_cpu srv_cpu cli_rss srv_rss" to NAME.rows.
run_pair() {
  local name=$1 port
  port=$(free_udp_port)
  rm -f "$work/dl/f.bin"
  local timed=(/usr/bin/time -v)
  case $name in
    quasar)
      "${timed[@]}" -o "$work/srv.time" taskset -c 0 "$server_bin" --listen "127.0.0.1:$port" \
        --root "$work/www" --cert "$work/cert.pem" --key "$work/key.pem" --quiet 2> "$work/srv.log" &
      ;;
    *)
      "${timed[@]}" -o "$work/srv.time" taskset -c 0 "$PEER_BIN/gtlsserver" -q -d "$work/www" \
        127.0.0.1 "$port" "$work/key.pem" "$work/cert.pem" > "$work/srv.log" 2>&1 &
      ;;
  esac
  local timer=$!
  sleep 0.5
  server_pid=$(pgrep -P "$timer" || true)
  local url="https://127.0.0.1:$port/f.bin" status=0
  case $name in
    quasar)
      "${timed[@]}" -o "$work/cli.time" taskset -c 1 "$client_bin" --ca "$work/cert.pem" -q \
        --no-progress -o "$work/dl" "$url" 2> "$work/cli.log" || status=$?
      ;;
    ngtcp2)
      "${timed[@]}" -o "$work/cli.time" taskset -c 1 timeout 300 "$PEER_BIN/gtlsclient" -q \
        --exit-on-all-streams-close --download "$work/dl" 127.0.0.1 "$port" "$url" \
        > "$work/cli.log" 2>&1 || status=$?
      ;;
    quic-go)
      "${timed[@]}" -o "$work/cli.time" taskset -c 1 timeout 300 "$PEER_BIN/quicgo-peer" client \
        -connect "127.0.0.1:$port" -o "$work/dl" -timeout 300s "$url" > "$work/cli.log" 2>&1 ||
        status=$?
      ;;
  esac
  # Stop the server itself, so that `time` still writes its report.
  [[ -z $server_pid ]] || kill -TERM "$server_pid" 2> /dev/null || true
  wait "$timer" 2> /dev/null || true
  server_pid=
  if [[ $status -ne 0 ]] || ! cmp -s "$work/www/f.bin" "$work/dl/f.bin"; then
    echo "  $name: download failed or differs (status $status)" >&2
    return
  fi
  local wall
  wall=$(report "$work/cli.time" "Elapsed (wall clock) time (h:mm:ss or m:ss)")
  awk -v b="$bytes" -v w="$wall" \
    -v cu="$(report "$work/cli.time" "User time (seconds)")" \
    -v cs="$(report "$work/cli.time" "System time (seconds)")" \
    -v su="$(report "$work/srv.time" "User time (seconds)")" \
    -v ss="$(report "$work/srv.time" "System time (seconds)")" \
    -v cr="$(report "$work/cli.time" "Maximum resident set size (kbytes)")" \
    -v sr="$(report "$work/srv.time" "Maximum resident set size (kbytes)")" \
    'BEGIN { printf "%.3f %.2f %.2f %.1f %.1f\n", b * 8 / w / 1e9, cu + cs, su + ss,
             cr / 1024, sr / 1024 }' >> "$work/$name.rows"
  echo "  $name: $(tail -1 "$work/$name.rows")" >&2
}

echo "loopback bench: $bytes bytes, $runs runs, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)" >&2
for run in $(seq "$runs"); do
  echo "run $run" >&2
  line=$("$ceiling_bin" --secs 3 --aead aes128gcm --send-cpu 0 --recv-cpu 1)
  echo "  ceiling: $line" >&2
  echo "${line##*recv_gbps=} - - - -" >> "$work/ceiling.rows"
  for name in quasar ngtcp2 quic-go; do run_pair "$name"; done
done

col() { awk -v c="$2" '{ print $c }' "$work/$1.rows" 2> /dev/null | median; }
ceiling=$(col ceiling 1)
best_peer=$(printf '%s\n%s\n' "$(col ngtcp2 1)" "$(col quic-go 1)" | grep -v -- - | sort -g | tail -1)
echo
echo "| path (client <- server) | goodput Gbit/s | × ceiling | × best peer | client CPU s | server CPU s | client RSS MiB | server RSS MiB | runs ok |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in ceiling quasar ngtcp2 quic-go; do
  label=$name
  case $name in
    ceiling) label="udp_ceiling gso --aead aes128gcm" ;;
    quasar) label="quasar-client <- quasar-server" ;;
    ngtcp2) label="ngtcp2 <- ngtcp2" ;;
    quic-go) label="quic-go <- ngtcp2" ;;
  esac
  g=$(col "$name" 1)
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
  ok=$(wc -l < "$work/$name.rows" 2> /dev/null || echo 0)
  echo "| $label | $g | $(ratio "$g" "$ceiling") | $(ratio "$g" "$best_peer") | $(col "$name" 2) | $(col "$name" 3) | $(col "$name" 4) | $(col "$name" 5) | $ok/$runs |"
done
