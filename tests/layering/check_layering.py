#!/usr/bin/env python3
"""Fails when a file includes across a layer boundary.

Rules (see DESIGN.md and the project README):
  - core/ includes nothing from builtin_ops/, delegates/, plugins/ or tools/;
  - sdk/ includes nothing from core/ (nor any other project folder);
  - a plugin (builtin_ops/, plugins/, delegates/) includes only the SDK (plinth/...) and files of
    its own folder (for delegates/ and plugins/, its own subfolder: delegates/gpu/...).
Project headers are recognized by their first path component.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
PROJECT_DIRS = {"core", "builtin_ops", "plugins", "delegates", "tools", "sdk", "schema", "tests",
                "bench"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
SOURCES = {".h", ".hpp", ".cc", ".cpp", ".c", ".inc", ".cl"}


def project_include(path):
    first = path.split("/", 1)[0]
    if first in PROJECT_DIRS:
        return first
    if path.startswith("plinth/"):
        return "sdk"
    return None


def plugin_home(rel):
    """The folder a plugin file may include from: builtin_ops, or delegates/<x>, plugins/<x>."""
    parts = rel.parts
    if parts[0] == "builtin_ops":
        return "builtin_ops"
    return "/".join(parts[:2])


def check(rel, text):
    errors = []
    layer = rel.parts[0]
    for inc in INCLUDE.findall(text):
        target = project_include(inc)
        if target is None:
            continue
        if layer == "core" and target in {"builtin_ops", "delegates", "plugins", "tools"}:
            errors.append(f"{rel}: core includes {inc}")
        elif layer == "sdk" and target != "sdk":
            errors.append(f"{rel}: sdk includes {inc}")
        elif layer in {"builtin_ops", "plugins", "delegates"}:
            home = plugin_home(rel)
            if target != "sdk" and not inc.startswith(home + "/"):
                errors.append(f"{rel}: plugin code includes {inc} (only plinth/... and {home}/...)")
    return errors


def main():
    errors = []
    checked = 0
    for layer in ("core", "sdk", "builtin_ops", "plugins", "delegates"):
        for path in sorted((ROOT / layer).rglob("*")):
            if path.suffix not in SOURCES or not path.is_file():
                continue
            checked += 1
            errors += check(path.relative_to(ROOT), path.read_text(errors="replace"))
    for e in errors:
        print(e)
    print(f"checked {checked} files: {len(errors)} layering violation(s)")
    return 1 if errors or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
