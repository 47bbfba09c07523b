#!/usr/bin/env bash
# Times quasar-client <- quasar-server downloading one file over loopback (hq-interop,
# AES-128-GCM), each pinned to its own CPU like the reference udp_bench, and prints goodput and
# CPU seconds per side. Build the tools without sanitizers first, e.g.
#   cmake -S . -B build/io-release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#     -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DQUASAR_BUILD_TESTS=OFF -DQUASAR_BUILD_BENCH=OFF
#   cmake --build build/io-release --target quasar-server quasar-client
# Usage: bench/io/loopback_download.sh BUILD_DIR [SIZE (default 1G)] [RUNS (default 3)]
#        [-- extra flags for both tools, e.g. --no-gso --no-gro]
# PIN=0 in the environment lets the scheduler place both processes.
set -euo pipefail

build=$1
size=${2:-1G}
runs=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == "--" ]] && shift
extra=("$@")

server_bin=$build/tools/server/quasar-server
client_bin=$build/tools/client/quasar-client
# tmpfs when there is one: the disk is not what is measured.
work=$(mktemp -d -p "$( [[ -d /dev/shm ]] && echo /dev/shm || echo /tmp )")
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www" "$work/out"
head -c "$size" /dev/zero > "$work/www/file.bin"  # a real file: holes would be cheaper to read
bytes=$(stat -c %s "$work/www/file.bin")
ticks=$(getconf CLK_TCK)

# CPU seconds (user + system) a running process used so far.
cpu_seconds() {
  awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"
}

pin_server=(taskset -c 0)
pin_client=(taskset -c 1)
if [[ ${PIN:-1} == 0 ]]; then pin_server=(); pin_client=(); fi

"${pin_server[@]}" "$server_bin" --listen 127.0.0.1:0 --root "$work/www" --quiet "${extra[@]}" \
  2> "$work/server.log" &
server_pid=$!
for _ in $(seq 50); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | cut -d: -f2)
ca=$(grep -o '/[^ ]*/cert.pem' "$work/server.log")

echo "size=$bytes flags=${extra[*]:-(none)}"
for run in $(seq "$runs"); do
  server_before=$(cpu_seconds "$server_pid")
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${pin_client[@]}" "$client_bin" --ca "$ca" \
    --no-progress -q -o "$work/out" "${extra[@]}" "https://127.0.0.1:$port/file.bin" \
    2> "$work/client.log" || { cat "$work/client.log"; exit 1; }
  server_after=$(cpu_seconds "$server_pid")
  read -r elapsed user system rss < "$work/time"
  goodput=$(grep -o 'goodput [0-9.]* [GMk]bit/s' "$work/client.log")
  rtt=$(grep -o 'rtt smoothed [^,]*, min [^ ]* [a-z]*' "$work/client.log")
  awk -v run="$run" -v e="$elapsed" -v u="$user" -v s="$system" -v rss="$rss" \
    -v b="$bytes" -v sb="$server_before" -v sa="$server_after" -v g="$goodput" -v r="$rtt" \
    'BEGIN { printf "run %d: %.2f s, %.3f Gbit/s wall (%s), client cpu %.2f s, server cpu %.2f s, client rss %d MiB, %s\n",
             run, e, b * 8 / e / 1e9, g, u + s, sa - sb, rss / 1024, r }'
  rm -f "$work/out/file.bin"
done
kill -INT "$server_pid"
wait "$server_pid" || true
server_pid=
