#!/usr/bin/env python3
"""Runs the congestion control scenarios of docs/congestion-control.md with NewReno, CUBIC and
BBRv2 in quasar-sim and prints a Markdown table: goodput, mean RTT and losses per scenario.

  scripts/cc-compare.py [--sim PATH] [--seed N] [--jobs N] [--plots DIR]

Use a release build (cmake -DCMAKE_BUILD_TYPE=Release); the full-length runs take a few
minutes. --plots writes each scenario's sender time series (CSV) and, when gnuplot is
installed, a PNG of cwnd, bandwidth estimate and smoothed RTT over virtual time.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

CONTROLLERS = ["newreno", "cubic", "bbr2"]
BIG = "1000000000"


def bdp_packets(mbps, rtt_ms):
    return int(mbps * 1e6 * rtt_ms / 1e3 / 8 / 1228)


# name, quasar-sim arguments, how the controller under test is chosen ("cc" or "flow0").
SCENARIOS = [
    ("1. 100 Mbit/s, 40 ms, 1-BDP queue, 1% loss, 30 s",
     ["--bandwidth", "100", "--rtt", "40", "--loss", "0.01", "--streams", "4", "--size", BIG,
      "--duration-ms", "30000", "--window-ms", "20000"], "cc"),
    ("2. 50 Mbit/s, 30 ms, 10-BDP queue, 30 s",
     ["--bandwidth", "50", "--rtt", "30", "--queue", str(10 * bdp_packets(50, 30)), "--size", BIG,
      "--duration-ms", "30000", "--window-ms", "20000"], "cc"),
    ("3. four flows, 100 Mbit/s, 40 ms, 60 s (last 30 s)",
     ["--competing-flows", "4", "--bandwidth", "100", "--rtt", "40", "--size", BIG,
      "--duration-ms", "60000", "--window-ms", "30000"], "cc"),
    ("4. against one CUBIC flow, 50 Mbit/s, 2-BDP queue, 60 s (last 30 s)",
     ["--competing-flows", "2", "--bandwidth", "50", "--rtt", "40",
      "--queue", str(2 * bdp_packets(50, 40)), "--size", BIG,
      "--duration-ms", "60000", "--window-ms", "30000"], "flow0"),
    ("5. 50 Mbit/s halved at 10 s, restored at 20 s, 30 s",
     ["--bandwidth", "50", "--rtt", "40", "--rate-change", "10000:25", "--rate-change",
      "20000:50", "--size", BIG, "--duration-ms", "30000", "--window-ms", "30000"], "cc"),
    ("6. steady 50 Mbit/s, 40 ms, 30 s",
     ["--bandwidth", "50", "--rtt", "40", "--size", BIG, "--duration-ms", "30000",
      "--window-ms", "20000"], "cc"),
    ("7. 2 Mbit/s application on 100 Mbit/s, 30 s",
     ["--bandwidth", "100", "--rtt", "40", "--app-rate", "2", "--size", BIG,
      "--duration-ms", "30000", "--window-ms", "20000"], "cc"),
    ("8. 600 ms RTT, quarter-BDP queue, 2 s blackhole, 40 MB",
     ["--bandwidth", "20", "--rtt", "600", "--queue", str(bdp_packets(20, 600) // 4),
      "--blackhole", "15000:2000", "--size", "40000000", "--time-limit-ms", "300000"], "cc"),
]


def run(sim, args, cc, mode, seed, csv):
    cmd = [sim, "--null-crypto", "--seed", str(seed)] + args
    cmd += ["--flow-cc", cc + ",cubic"] if mode == "flow0" else ["--cc", cc]
    if csv:
        cmd += ["--samples-csv", csv, "--sample-interval-ms", "50"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if not lines:
        return {"ok": False, "error": out.stderr.strip() or "no output"}
    return json.loads(lines[-1])


def describe(result, mode):
    flows = result.get("flows") or []
    if mode == "flow0" and len(flows) == 2:
        goodput = flows[0]
        note = "%.0f%% of the link vs CUBIC's %.1f" % (100 * flows[0] / 50, flows[1])
        losses = (result.get("flow_losses") or [0])[0]
    else:
        goodput = sum(flows) if result.get("windowed") or len(flows) > 1 else \
            result.get("goodput_mbps", 0)
        note = "Jain %.3f" % result.get("jain_index", 0) if len(flows) > 1 else ""
        losses = result.get("packets_lost", 0)
    if not result.get("ok"):
        note = (note + " FAILED " + result.get("error", "")).strip()
    return goodput, result.get("mean_rtt_ms", 0), losses, note


def plot(csv, png, title):
    if not shutil.which("gnuplot"):
        return
    script = f"""
set terminal pngcairo size 900,500
set output '{png}'
set datafile separator ','
set title '{title}'
set xlabel 'virtual time (s)'
set ylabel 'Mbit/s'
set y2label 'ms / kB'
set y2tics
set key outside bottom center horizontal
plot '{csv}' using ($1/1000):5 with lines title 'bandwidth estimate', \\
     '' using ($1/1000):4 with lines title 'pacing rate', \\
     '' using ($1/1000):6 axes x1y2 with lines title 'srtt (ms)', \\
     '' using ($1/1000):($2/1000) axes x1y2 with lines title 'cwnd (kB)'
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", default="build/release/tools/sim/quasar-sim")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--plots", default="")
    parser.add_argument("--only", default="", help="comma-separated scenario numbers")
    opts = parser.parse_args()
    if not os.access(opts.sim, os.X_OK):
        sys.exit(f"{opts.sim}: not found; build quasar-sim in release first or pass --sim")
    if opts.plots:
        os.makedirs(opts.plots, exist_ok=True)
    only = {int(x) for x in opts.only.split(",") if x}
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        for i, (name, args, mode) in enumerate(SCENARIOS, start=1):
            if only and i not in only:
                continue
            for cc in CONTROLLERS:
                csv = os.path.join(opts.plots, f"scenario{i}-{cc}.csv") if opts.plots else ""
                jobs[(i, cc)] = pool.submit(run, opts.sim, args, cc, mode, opts.seed, csv)
    print(f"Seed {opts.seed}. Goodput in Mbit/s (application bytes; for several flows their sum),")
    print("mean RTT in ms (base RTT plus the bottleneck's mean queueing delay), losses in packets.")
    print()
    print("| Scenario | CC | Goodput | Mean RTT | Losses | Notes |")
    print("|---|---|---:|---:|---:|---|")
    for i, (name, args, mode) in enumerate(SCENARIOS, start=1):
        if only and i not in only:
            continue
        for cc in CONTROLLERS:
            result = jobs[(i, cc)].result()
            goodput, rtt, losses, note = describe(result, mode)
            if "--blackhole" in args and result.get("ok"):
                note = "done in %.1f s" % (result.get("virtual_ms", 0) / 1000)
            label = name if cc == CONTROLLERS[0] else ""
            print(f"| {label} | {cc} | {goodput:.1f} | {rtt:.1f} | {losses} | {note} |")
            if opts.plots and cc == "bbr2":
                csv = os.path.join(opts.plots, f"scenario{i}-{cc}.csv")
                plot(csv, csv[:-4] + ".png", name)


if __name__ == "__main__":
    main()
