#!/usr/bin/env python3
"""Median latency of TensorFlow Lite's own interpreter on .tflite models, for docs/PERFORMANCE.md.

Uses ai_edge_litert's Interpreter with its default op resolver (XNNPACK delegate applied to float
and quantized graphs it supports) and num_threads as given, random inputs, the same warmup and run
counts as `plinth bench`. Prints one line per model: name, init, first run, min / median / p90 us.

  python3 tools/bench_tflite.py [--threads N] [--runs N] [--warmup N] MODEL...
"""
import argparse
import os
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter


def random_input(detail, rng):
    dtype = detail["dtype"]
    shape = detail["shape"]
    if np.issubdtype(dtype, np.floating):
        return rng.uniform(-1, 1, size=shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)


def bench(path, threads, runs, warmup):
    start = time.perf_counter()
    interp = Interpreter(model_path=path, num_threads=threads)
    interp.allocate_tensors()
    init_us = (time.perf_counter() - start) * 1e6
    rng = np.random.default_rng(1)
    for d in interp.get_input_details():
        interp.set_tensor(d["index"], random_input(d, rng))
    start = time.perf_counter()
    interp.invoke()
    first_us = (time.perf_counter() - start) * 1e6
    for _ in range(warmup):
        interp.invoke()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        interp.invoke()
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    # Nearest-rank quantiles, as `plinth bench` computes them.
    def q(p):
        return times[max(1, min(len(times), int(-(-p * len(times) // 1)))) - 1]
    return init_us, first_us, times[0], q(0.5), q(0.9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    print(f"tflite (ai_edge_litert, default resolver with XNNPACK), {args.threads} thread(s), "
          f"{args.runs} runs after {args.warmup} warmup")
    for path in args.models:
        init, first, lo, med, p90 = bench(path, args.threads, args.runs, args.warmup)
        name = os.path.splitext(os.path.basename(path))[0]
        print(f"{name:44s} init {init:9.0f} us  first {first:9.0f} us  "
              f"min {lo:9.0f}  median {med:9.0f}  p90 {p90:9.0f} us")


if __name__ == "__main__":
    main()
