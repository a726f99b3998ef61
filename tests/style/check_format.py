#!/usr/bin/env python3
"""Fails when a C/C++ source of the project differs from what clang-format makes of it under the
project's .clang-format, naming each file (fix: clang-format -i FILE).

usage: check_format.py CLANG_FORMAT SOURCE_DIR"""
import os
import subprocess
import sys

# Folders of project code; build trees and anything else are not ours to format.
FOLDERS = ["bench", "builtin_ops", "core", "delegates", "plugins", "schema", "sdk", "tests", "tools"]
SUFFIXES = (".c", ".cc", ".h")


def sources(root):
    for folder in FOLDERS:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if name.endswith(SUFFIXES):
                    yield os.path.join(dirpath, name)


def main():
    clang_format, root = sys.argv[1], sys.argv[2]
    if not clang_format or not os.path.exists(clang_format):
        print("clang-format was not found at configure time: install it (tools/install_deps.sh)")
        return 1
    files = list(sources(root))
    bad = []
    for i in range(0, len(files), 50):
        batch = files[i:i + 50]
        r = subprocess.run([clang_format, "--dry-run", "--Werror", "--style=file"] + batch,
                           capture_output=True, text=True, check=False)
        if r.returncode != 0:
            bad += sorted({line.split(":", 1)[0] for line in r.stderr.splitlines()
                           if "error:" in line and line.split(":", 1)[0] in batch})
    for f in bad:
        print(f"not clang-formatted: {os.path.relpath(f, root)}")
    print(f"{len(files)} files checked, {len(bad)} not formatted")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
