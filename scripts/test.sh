#!/usr/bin/env bash
# Installs dependencies, builds quasar with AddressSanitizer and UndefinedBehaviorSanitizer in
# build/asan, and runs every test. Exits non-zero on any failure.
# Extra arguments go to ctest, e.g. `scripts/test.sh -L wire`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

jobs=$(nproc)
cmake -S . -B build/asan -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" \
  -DQUASAR_SANITIZE=address,undefined \
  -DQUASAR_WERROR=ON
cmake --build build/asan -j "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The long simulator runs (label sim-long) are run by hand: ctest -L sim-long.
ctest --test-dir build/asan --output-on-failure -j "$jobs" -LE sim-long "$@"
