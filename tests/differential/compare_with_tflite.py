#!/usr/bin/env python3
"""Runs every differential case through TensorFlow Lite's reference kernels and compares.

usage: compare_with_tflite.py CASES_BINARY WORK_DIR [SUBSTRING]

The C++ runner (plinth_diff_cases) writes each case's model, inputs and Plinth's outputs; this
script runs the same model in ai-edge-litert with the BUILTIN_REF op resolver (TFLite's reference
kernels: the exact integer arithmetic quantized kernels must match) and checks each output against
the case's tolerance. Exit codes: 0 all match, 1 a mismatch or error, 77 oracle not installed
(skipped, unless PLINTH_REQUIRE_ORACLE is set).
"""
import os
import pathlib
import subprocess
import sys

try:
    import numpy as np
    from ai_edge_litert import interpreter as litert
except ImportError as e:  # pragma: no cover
    if os.environ.get("PLINTH_REQUIRE_ORACLE"):
        print(f"the TFLite oracle is required but cannot be imported: {e}")
        sys.exit(1)
    print(f"skipping: the TFLite oracle (ai-edge-litert) is not installed: {e}")
    sys.exit(77)


def compare(ours, ref, tolerance):
    """Returns (ok, description) for one output."""
    if ours.shape != ref.shape:
        return False, f"shape {ours.shape} vs reference {ref.shape}"
    if ours.size == 0:
        return True, "empty"
    kind, _, value = tolerance.partition(" ")
    if kind == "exact":
        if ours.dtype.kind == "f":
            same = np.array_equal(np.atleast_1d(ours).view(np.uint8), np.atleast_1d(ref).view(np.uint8))
        else:
            same = np.array_equal(ours, ref)
        if same:
            return True, "bit-exact"
        if ours.dtype.kind in "iub":
            diff = np.abs(ours.astype(np.int64) - ref.astype(np.int64))
            return False, f"{np.count_nonzero(diff)} of {diff.size} differ, worst {diff.max()} LSB"
        diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
        return False, f"not bit-exact, worst abs diff {diff.max():.3g}"
    a = ours.astype(np.float64)
    b = ref.astype(np.float64)
    both_nan = np.isnan(a) & np.isnan(b)
    diff = np.where(both_nan, 0.0, np.abs(a - b))
    diff = np.where(np.isinf(a) & (a == b), 0.0, diff)
    worst = float(np.nanmax(diff)) if diff.size else 0.0
    if np.isnan(diff).any():
        return False, "NaN where the reference has a number"
    if kind == "abs":
        return worst <= float(value), f"max abs diff {worst:.3g}"
    if kind == "rel":
        scale = float(np.nanmax(np.abs(np.where(np.isfinite(b), b, 0.0))))
        return worst <= float(value) * max(scale, 1e-30), f"max abs diff {worst:.3g} (max|ref| {scale:.3g})"
    if kind == "ulp":
        ia = np.atleast_1d(ours.astype(np.float32)).view(np.int32).astype(np.int64)
        ib = np.atleast_1d(ref.astype(np.float32)).view(np.int32).astype(np.int64)
        ia = np.where(ia < 0, -(2**31) - ia, ia)
        ib = np.where(ib < 0, -(2**31) - ib, ib)
        ulps = np.where(np.atleast_1d(both_nan), 0, np.abs(ia - ib))
        return int(ulps.max()) <= int(value), f"max {int(ulps.max())} ulp"
    return False, f"unknown tolerance '{tolerance}'"


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    binary, work = sys.argv[1], pathlib.Path(sys.argv[2])
    filter_ = sys.argv[3] if len(sys.argv) > 3 else ""
    subprocess.run([binary, str(work), filter_], check=True)
    failures = 0
    total = 0
    for line in (work / "cases.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        name, n_in, n_out, tolerance, status = line.split("\t")
        total += 1
        model = str(work / f"{name}.tflite")
        try:
            it = litert.Interpreter(model_path=model,
                                    experimental_op_resolver_type=litert.OpResolverType.BUILTIN_REF)
            it.allocate_tensors()
            for i, detail in enumerate(it.get_input_details()):
                raw = (work / f"{name}.input{i}.bin").read_bytes()
                value = np.frombuffer(raw, dtype=detail["dtype"]).reshape(detail["shape"])
                it.set_tensor(detail["index"], value)
            it.invoke()
        except Exception as e:  # TFLite refused the model
            if status.startswith("error"):
                print(f"ok    {name}: both refuse it (plinth: {status[7:][:80]})")
                continue
            print(f"FAIL  {name}: TFLite fails ({str(e).splitlines()[0][:100]}) but Plinth runs it")
            failures += 1
            continue
        if status != "ok":
            print(f"FAIL  {name}: Plinth {status}")
            failures += 1
            continue
        for o, detail in enumerate(it.get_output_details()):
            ref = it.get_tensor(detail["index"])
            raw = (work / f"{name}.plinth.output{o}.bin").read_bytes()
            ours = np.frombuffer(raw, dtype=ref.dtype)
            if ours.size == ref.size:
                ours = ours.reshape(ref.shape)
            ok, what = compare(ours, ref, tolerance)
            print(f"{'ok   ' if ok else 'FAIL '} {name} output {o}: {what} (tolerance {tolerance})")
            failures += 0 if ok else 1
    print(f"{total} cases, {failures} failure(s)")
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
