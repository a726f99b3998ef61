#!/usr/bin/env python3
"""Median latency per model: plinth's kernels at each ISA level next to TensorFlow Lite, one run.

  python3 bench/compare_models.py [--plinth build/release/bin/plinth] [--runs N] [--threads N]
                                  MODEL...

For each model it runs `plinth bench --json` with PLINTH_BUILTIN_ISA=reference (the
straightforward kernels), =portable (plain C++ micro-kernels) and unset (AVX2+FMA on this CPU),
then tools/bench_tflite.py (ai_edge_litert's Interpreter, default resolver with XNNPACK), all with
the same threads, warmup and runs, and prints a markdown table of median microseconds.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def plinth_median(plinth, model, isa, threads, runs, warmup):
    env = dict(os.environ)
    env.pop("PLINTH_BUILTIN_ISA", None)
    if isa:
        env["PLINTH_BUILTIN_ISA"] = isa
    out = subprocess.run([plinth, "bench", model, "--json", "--threads", str(threads), "--runs",
                          str(runs), "--warmup", str(warmup)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def tflite_median(model, threads, runs, warmup):
    sys.path.insert(0, os.path.join(HERE, "..", "tools"))
    import bench_tflite  # noqa: E402
    return bench_tflite.bench(model, threads, runs, warmup)[3]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("models", nargs="+")
    p.add_argument("--plinth", default=os.path.join(HERE, "..", "build", "release", "bin", "plinth"))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--reference-runs", type=int, default=5,
                   help="timed runs for the (slow) reference kernels")
    a = p.parse_args()
    print(f"threads={a.threads}, runs={a.runs} (reference: {a.reference_runs}), warmup={a.warmup}")
    print("| model | reference us | portable us | avx2+fma us | TFLite+XNNPACK us "
          "| avx2 vs reference | TFLite / avx2 | packed weights |")
    print("|---|---|---|---|---|---|---|---|")
    for m in a.models:
        ref = plinth_median(a.plinth, m, "reference", a.threads, a.reference_runs, 1)
        port = plinth_median(a.plinth, m, "portable", a.threads, a.runs, a.warmup)
        fast = plinth_median(a.plinth, m, "", a.threads, a.runs, a.warmup)
        tfl = tflite_median(m, a.threads, a.runs, a.warmup)
        r, po, f = (x["latency_us"]["median"] for x in (ref, port, fast))
        name = os.path.splitext(os.path.basename(m))[0]
        print(f"| {name} | {r} | {po} | {f} | {tfl:.0f} | {r / f:.1f}x | {tfl / f:.2f} "
              f"| {fast['packed_weight_bytes'] / 1048576:.2f} MiB |", flush=True)


if __name__ == "__main__":
    main()
