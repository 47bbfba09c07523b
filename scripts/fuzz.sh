#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build/fuzz and fuzzes one target.
# Usage: scripts/fuzz.sh NAME [SECONDS]   e.g. scripts/fuzz.sh packet_header 60
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/fuzz.sh NAME [SECONDS]}
seconds=${2:-60}
scripts/setup.sh >/dev/null
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQUASAR_FUZZ=ON >/dev/null
cmake --build build/fuzz --target "fuzz_${name}"
binary=$(find build/fuzz/tests -name "fuzz_${name}" -type f -executable | head -n 1)
[[ -n $binary ]] || { echo "no fuzz target fuzz_${name}" >&2; exit 2; }
mkdir -p "build/fuzz/work/${name}" build/fuzz/findings
"$binary" "build/fuzz/work/${name}" "tests/fuzz/corpus/${name}" \
  -max_total_time="$seconds" -artifact_prefix=build/fuzz/findings/ -print_final_stats=1
