#!/usr/bin/env python3
"""Builds Plinth four ways and prints the stripped sizes of the core, the built-in plugin and the CLI.

  tools/report_sizes.py [--preset NAME | --toolchain FILE] [--models M.tflite ...] [--jobs N]

Configurations (tests off, Release): full and selective (the ops of --models, by default
mobilenet_v1_025_224_float from ../shared/models), each with the built-in ops as a plugin file
(dynamic) and linked into the CLI (static, -DPLINTH_STATIC_BUILTIN_OPS=ON). Sizes are of
`strip --strip-unneeded` copies (the toolchain's strip for cross builds). Build trees go to
build/sizes-<preset or host>-<config>; ccache is used when installed (the kernel objects are the
same in all four trees, so with ccache each is compiled once; the trees sit at the depth of
build/release so that ccache's base_dir sees the same relative paths and hits there too).

  tools/report_sizes.py                        # x86-64 host
  tools/report_sizes.py --preset aarch64       # cross build (CMakePresets.json)
  tools/report_sizes.py --toolchain cmake/toolchains/aarch64-linux-gnu.cmake
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIGS = [  # name, selective, static
    ("full, dynamic", False, False),
    ("full, static", False, True),
    ("selective, dynamic", True, False),
    ("selective, static", True, True),
]


def run(cmd, log):
    with open(log, "a") as out:
        out.write("$ " + " ".join(map(str, cmd)) + "\n")
        out.flush()
        if subprocess.call(list(map(str, cmd)), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT):
            sys.exit(f"failed: {' '.join(map(str, cmd))} (see {log})")


def cache_value(build, key):
    for line in (build / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(key + ":"):
            return line.split("=", 1)[1]
    return ""


def stripped_size(path, strip):
    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp) / path.name
        shutil.copy(path, copy)
        subprocess.check_call([strip, "--strip-unneeded", str(copy)])
        return copy.stat().st_size


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    target = p.add_mutually_exclusive_group()
    target.add_argument("--preset", help="a configure preset of CMakePresets.json (e.g. aarch64)")
    target.add_argument("--toolchain", help="a CMake toolchain file")
    default_model = ROOT.parent / "shared" / "models" / "mobilenet_v1_025_224_float.tflite"
    p.add_argument("--models", nargs="+", default=[str(default_model)],
                   help="models whose ops the selective builds keep")
    p.add_argument("--build-root", default=str(ROOT / "build"))
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = p.parse_args()

    label = args.preset or (pathlib.Path(args.toolchain).stem if args.toolchain else "host")
    root = pathlib.Path(args.build_root)
    root.mkdir(parents=True, exist_ok=True)
    log = root / f"sizes-{label}.log"
    log.write_text("")
    ops = root / f"sizes-{label}-ops.txt"
    run([sys.executable, ROOT / "tools/selective_build/plinth_selective.py", "ops", *args.models,
         "-o", ops], log)

    rows = []
    for name, selective, static in CONFIGS:
        build = root / f"sizes-{label}-{name.replace(', ', '-')}"
        cmd = ["cmake", "-S", ROOT, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
               "-DPLINTH_BUILD_TESTS=OFF",
               f"-DPLINTH_STATIC_BUILTIN_OPS={'ON' if static else 'OFF'}",
               f"-DPLINTH_SELECTED_OPS={ops if selective else ''}"]
        if not args.preset and not args.toolchain:
            cmd += ["-DPLINTH_WERROR=ON"]  # as the release preset: same flags, so ccache hits
        if args.preset:
            cmd += ["--preset", args.preset, "-DPLINTH_CROSS_TESTS=OFF"]
        if args.toolchain:
            cmd += [f"-DCMAKE_TOOLCHAIN_FILE={pathlib.Path(args.toolchain).resolve()}"]
        if shutil.which("ccache"):
            cmd += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        run(cmd, log)
        targets = ["plinth", "plinth_cli"] + ([] if static else ["plinth_builtin_ops"])
        run(["cmake", "--build", build, "-j", args.jobs, "--target", *targets], log)
        strip = cache_value(build, "CMAKE_STRIP") or "strip"
        core = stripped_size((build / "lib" / "libplinth.so").resolve(), strip)
        plugin = 0 if static else stripped_size(
            build / "lib" / "plinth" / "plugins" / "libplinth_builtin_ops.so", strip)
        cli = stripped_size(build / "bin" / "plinth", strip)
        rows.append((name, core, plugin, cli))

    models = ", ".join(pathlib.Path(m).name for m in args.models)
    print(f"Stripped sizes (strip --strip-unneeded), {label}; selective = ops of {models}")
    header = ("configuration", "libplinth.so", "libplinth_builtin_ops.so", "plinth (CLI)", "total")
    body = [(n, f"{c:,}", f"{p:,}" if p else "(in the CLI)", f"{cli:,}", f"{c + p + cli:,}")
            for n, c, p, cli in rows]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in body:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [header] + body) for i in range(len(header))]
        for r in [header] + body:
            print("  ".join(str(v).rjust(w) if i else str(v).ljust(w)
                            for i, (v, w) in enumerate(zip(r, widths))))


if __name__ == "__main__":
    main()
