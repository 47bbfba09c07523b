#!/usr/bin/env bash
# Builds an optimised build in build/release and runs the benchmarks.
# Usage: scripts/bench.sh [AREA...]   (AREA: wire, crypto, qpack, ...; default all)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DQUASAR_BUILD_TESTS=OFF
cmake --build build/release -j "$(nproc)"
areas=("$@")
if ((${#areas[@]} == 0)); then
  for b in build/release/bench/bench_*; do areas+=("${b##*/bench_}"); done
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; date: $(date -u +%F)"
for area in "${areas[@]}"; do
  "build/release/bench/bench_${area}" --benchmark_counters_tabular=true
done
