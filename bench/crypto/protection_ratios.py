#!/usr/bin/env python3
"""Packet protection against raw BoringSSL, as the table in bench/README.md shows it.

Usage: bench/crypto/protection_ratios.py BENCH_CRYPTO [--rounds N] [--min-time S]

For each suite and packet size, runs that group's six benchmarks (raw seal, quasar seal, quasar
seal in a batch, and the same for open) together, N rounds in random order within each round,
and prints one markdown row: medians of CPU time per packet, and the median over rounds of each
round's ratio raw / quasar. Ratios are taken within a round, a couple of seconds apart, so that
a shared machine's slow drift cancels out instead of landing on one side.
"""
import argparse
import json
import statistics
import subprocess

SUITES = ["AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305"]
SIZES = [1200, 1452]
BATCH = 16  # packets per iteration of the *Batch benchmarks
KINDS = ["RawAeadSeal", "SealAndProtect", "SealAndProtectBatch",
         "RawAeadOpen", "UnprotectAndOpen", "UnprotectAndOpenBatch"]


def run_group(binary, suite, size, rounds, min_time):
    """CPU ns per packet of each kind, one list entry per round."""
    pattern = f"^BM_({'|'.join(KINDS)})/suite:{suite}/bytes:{size}$"
    out = subprocess.run(
        [binary, f"--benchmark_filter={pattern}", f"--benchmark_min_time={min_time}",
         f"--benchmark_repetitions={rounds}", "--benchmark_enable_random_interleaving=true",
         "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    per_round = {kind: [None] * rounds for kind in KINDS}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        kind = b["run_name"].split("/")[0][len("BM_"):]
        packets = BATCH if kind.endswith("Batch") else 1
        per_round[kind][b["repetition_index"]] = b["cpu_time"] / packets
    return per_round


def cell(times, raw_times, size):
    ns = statistics.median(times)
    ratio = statistics.median(r / t for r, t in zip(raw_times, times))
    return f"{ns:.0f} ({size / ns:.2f} GB/s) **{ratio:.2f}**"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--min-time", type=float, default=0.3)
    args = parser.parse_args()
    print("| suite | bytes | raw seal | quasar seal | quasar seal, batch | raw open | quasar open |"
          " quasar open, batch |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for suite, name in enumerate(SUITES):
        for size in SIZES:
            t = run_group(args.binary, suite, size, args.rounds, args.min_time)
            seal, open_ = t["RawAeadSeal"], t["RawAeadOpen"]
            print(f"| {name} | {size} | {statistics.median(seal):.0f} "
                  f"| {cell(t['SealAndProtect'], seal, size)} "
                  f"| {cell(t['SealAndProtectBatch'], seal, size)} "
                  f"| {statistics.median(open_):.0f} "
                  f"| {cell(t['UnprotectAndOpen'], open_, size)} "
                  f"| {cell(t['UnprotectAndOpenBatch'], open_, size)} |", flush=True)


if __name__ == "__main__":
    main()
