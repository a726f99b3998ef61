#!/usr/bin/env python3
"""Shows check_layering.py catches each kind of violation (and passes a clean tree)."""
import pathlib
import subprocess
import sys
import tempfile

CHECKER = pathlib.Path(__file__).with_name("check_layering.py")

CASES = {
    "core reaching into builtin_ops": ("core/x.cc", '#include "builtin_ops/common/kernel_util.h"\n'),
    "core reaching into tools": ("core/x.cc", '#include "tools/plinth/cli_common.h"\n'),
    "sdk including core": ("sdk/include/plinth/x.hpp", '#include "core/model.h"\n'),
    "plugin including core": ("builtin_ops/nn/x.cc", '#include "core/interpreter.h"\n'),
    "delegate including another delegate": ("delegates/gpu/x.cc", '#include "delegates/nnapi/y.h"\n'),
    "plugin including tools": ("plugins/foo/x.cc", '#include "tools/model_builder/model_builder.h"\n'),
}
CLEAN = [
    ("core/a.cc", '#include "core/model.h"\n#include "plinth/plugin.h"\n#include <vector>\n'),
    ("builtin_ops/nn/a.cc", '#include "builtin_ops/common/kernel_util.h"\n#include "plinth/plugin.hpp"\n'),
    ("delegates/gpu/a.cc", '#include "delegates/gpu/cl_api.h"\n'),
    ("sdk/include/plinth/a.hpp", '#include "plinth/plugin.h"\n'),
]


def run(files):
    with tempfile.TemporaryDirectory() as d:
        root = pathlib.Path(d)
        for rel, text in files:
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        r = subprocess.run([sys.executable, str(CHECKER), str(root)], capture_output=True, text=True)
        return r.returncode, r.stdout


def main():
    failures = 0
    code, out = run(CLEAN)
    if code != 0:
        print("clean tree was rejected:\n" + out)
        failures += 1
    for what, violation in CASES.items():
        code, out = run(CLEAN + [violation])
        if code == 0 or violation[0] not in out:
            print(f"not caught: {what}\n{out}")
            failures += 1
    print(f"{len(CASES) + 1} cases, {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
