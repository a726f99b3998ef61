#!/usr/bin/env python3
"""Runs the NNAPI delegate's op cases (plinth_nnapi_delegate_tests, dumping models, inputs and
delegate outputs) and checks every output against TensorFlow Lite's reference kernels
(ai-edge-litert, BUILTIN_REF): quantized outputs bit-exact, float within 2e-5 x max|reference|.
This covers the quantized ops whose built-in kernels may be missing from the tree.

Exit codes: 0 all match, 1 a mismatch or error, 77 oracle not installed (skipped, unless
PLINTH_REQUIRE_ORACLE is set).

usage: compare_with_tflite.py TEST_BINARY DUMP_DIR"""
import glob
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
except ImportError as e:
    if os.environ.get("PLINTH_REQUIRE_ORACLE"):
        print(f"the TFLite oracle is required but cannot be imported: {e}")
        sys.exit(1)
    print(f"skipping: the TFLite oracle (ai-edge-litert) is not installed: {e}")
    sys.exit(77)


def main():
    binary, dump = sys.argv[1], sys.argv[2]
    shutil.rmtree(dump, ignore_errors=True)
    os.makedirs(dump)
    env = dict(os.environ, PLINTH_NNAPI_TEST_DUMP=dump, PLINTH_PLUGIN_PATH="")
    subprocess.run([binary, "--gtest_filter=Ops/*"], env=env, check=False, stdout=subprocess.DEVNULL)
    passed = failed = skipped = 0
    for model in sorted(glob.glob(os.path.join(dump, "*.tflite"))):
        base, name = model[:-len(".tflite")], os.path.basename(model)[:-len(".tflite")]
        try:
            interp = Interpreter(model_path=model,
                                 experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
            interp.allocate_tensors()
        except (RuntimeError, ValueError) as e:  # e.g. TFLite's CONV_2D v1 requires a bias
            print(f"SKIP {name}: TFLite cannot run it: {str(e).splitlines()[0]}")
            skipped += 1
            continue
        for i, d in enumerate(interp.get_input_details()):
            interp.set_tensor(d["index"], np.fromfile(f"{base}.input{i}", d["dtype"]).reshape(d["shape"]))
        interp.invoke()
        for o, d in enumerate(interp.get_output_details()):
            ref = interp.get_tensor(d["index"]).ravel()
            got = np.fromfile(f"{base}.output{o}", d["dtype"])
            if d["dtype"] == np.float32:
                worst = float(np.abs(ref - got).max())
                ok = worst <= 2e-5 * max(float(np.abs(ref).max()), 1e-6)
            else:
                worst = int(np.abs(ref.astype(np.int64) - got.astype(np.int64)).max())
                ok = worst == 0
            print(f"{'PASS' if ok else 'FAIL'} {name} output {o} ({d['dtype'].__name__}): max diff {worst}")
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
