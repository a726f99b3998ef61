#!/usr/bin/env python3
"""Selective builds of Plinth's built-in ops.

  plinth_selective.py ops MODEL.tflite... -o ops.txt
      Writes the ops the models use: every operator of every subgraph (IF/WHILE bodies included),
      as builtin name or custom name with the range of versions the models ask for.

  plinth_selective.py gen --ops ops.txt... --sources builtin_ops --schema schema/tflite.fbs -o x.inc
      Used by CMake (-DPLINTH_SELECTED_OPS=ops.txt): finds which registration function of
      builtin_ops/ offers each listed op and writes the table selective_entry.cc compiles.

  plinth_selective.py scan --sources builtin_ops
      Prints every op builtin_ops/ registers and the function that does it (a test compares this
      with what the full plugin registers at run time).

Plain Python 3 without packages: it reads the .tflite FlatBuffer itself, so it runs on any build
host, cross builds included, before anything is compiled.
"""
import argparse
import pathlib
import re
import struct
import sys

# --- A minimal, bounds-checked FlatBuffer reader (the few TFL3 fields this tool needs) ---------


class FormatError(Exception):
    pass


class Table:
    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        vtable = pos - _read(buf, "<i", pos)
        self.vt_size = _read(buf, "<H", vtable)
        self.vtable = vtable

    def _field(self, field_id):
        slot = 4 + 2 * field_id
        if slot + 2 > self.vt_size:
            return None
        off = _read(self.buf, "<H", self.vtable + slot)
        return self.pos + off if off else None

    def scalar(self, field_id, fmt, default):
        at = self._field(field_id)
        return default if at is None else _read(self.buf, fmt, at)

    def _target(self, field_id):
        at = self._field(field_id)
        return None if at is None else at + _read(self.buf, "<I", at)

    def string(self, field_id):
        at = self._target(field_id)
        if at is None:
            return None
        n = _read(self.buf, "<I", at)
        if at + 4 + n > len(self.buf):
            raise FormatError(f"string at {at} runs past the end of the file")
        return self.buf[at + 4:at + 4 + n].decode("utf-8", "replace")

    def tables(self, field_id):
        at = self._target(field_id)
        if at is None:
            return []
        n = _read(self.buf, "<I", at)
        if at + 4 + 4 * n > len(self.buf):
            raise FormatError(f"vector at {at} runs past the end of the file")
        out = []
        for i in range(n):
            elem = at + 4 + 4 * i
            out.append(Table(self.buf, elem + _read(self.buf, "<I", elem)))
        return out


def _read(buf, fmt, pos):
    size = struct.calcsize(fmt)
    if pos < 0 or pos + size > len(buf):
        raise FormatError(f"offset {pos} is outside the file ({len(buf)} bytes)")
    return struct.unpack_from(fmt, buf, pos)[0]


# --- Models -> op list --------------------------------------------------------------------------


def builtin_names(schema_path):
    """BuiltinOperator code -> name, read from the TFL3 schema (one source of truth)."""
    text = pathlib.Path(schema_path).read_text()
    block = re.search(r"enum BuiltinOperator\s*:\s*\w+\s*\{(.*?)\}", text, re.S)
    if block is None:
        sys.exit(f"{schema_path}: no 'enum BuiltinOperator' found")
    body = re.sub(r"//[^\n]*", "", block.group(1))
    return {int(code): name for name, code in re.findall(r"(\w+)\s*=\s*(-?\d+)", body)}


def model_ops(path, names):
    """{(kind, name): set(versions)} of the operators of every subgraph of one model."""
    buf = pathlib.Path(path).read_bytes()
    if len(buf) < 8 or buf[4:8] != b"TFL3":
        raise FormatError("not a TFLite model (file identifier TFL3 missing)")
    model = Table(buf, _read(buf, "<I", 0))
    codes = []
    for oc in model.tables(1):  # operator_codes
        custom = oc.string(1)
        version = oc.scalar(2, "<i", 1)
        code = max(oc.scalar(0, "<b", 0), oc.scalar(3, "<i", 0))
        if code == 32 or custom:  # CUSTOM
            codes.append(("custom", custom or "", version))
        elif code in names:
            codes.append(("builtin", names[code], version))
        else:
            raise FormatError(f"builtin code {code} is not in the schema's BuiltinOperator")
    used = {}
    for index, subgraph in enumerate(model.tables(2)):  # subgraphs (IF/WHILE bodies included)
        for op in subgraph.tables(3):  # operators
            i = op.scalar(0, "<I", 0)
            if i >= len(codes):
                raise FormatError(f"subgraph {index}: opcode_index {i} out of range")
            kind, name, version = codes[i]
            used.setdefault((kind, name), set()).add(version)
    return used


def write_ops(models, used, out):
    lines = ["# Plinth selective build: the ops these models use (tools/selective_build).",
             "# Models: " + ", ".join(pathlib.Path(m).name for m in models),
             "# One op per line: builtin|custom NAME MIN_VERSION-MAX_VERSION"]
    for (kind, name), versions in sorted(used.items()):
        lines.append(f"{kind} {name} {min(versions)}-{max(versions)}")
    text = "\n".join(lines) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        pathlib.Path(out).write_text(text)


def cmd_ops(args):
    names = builtin_names(args.schema)
    used = {}
    for m in args.models:
        try:
            for key, versions in model_ops(m, names).items():
                used.setdefault(key, set()).update(versions)
        except (OSError, FormatError) as e:
            sys.exit(f"{m}: {e}")
    write_ops(args.models, used, args.output)


# --- Op list + builtin_ops sources -> registration table ----------------------------------------

OP_LINE = re.compile(r"^(builtin|custom)\s+(\S+)\s+(\d+)(?:-(\d+))?$")


def read_ops(paths):
    ops = {}
    for path in paths:
        for n, raw in enumerate(pathlib.Path(path).read_text().splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = OP_LINE.match(line)
            if m is None:
                sys.exit(f"{path}:{n}: expected 'builtin|custom NAME MIN-MAX', got '{raw}'")
            lo, hi = int(m.group(3)), int(m.group(4) or m.group(3))
            key = (m.group(1), m.group(2))
            old = ops.get(key, (lo, hi))
            ops[key] = (min(lo, old[0]), max(hi, old[1]))
    return ops


REGISTER_FN = re.compile(r"PlinthStatus\s+(Register\w+)\s*\(\s*Registrar&\s*\w+\s*\)\s*\{")
ADD_CALL = re.compile(r"\.Add(Builtin|Custom)<.*?>\(\s*\"(\w+)\"\s*,\s*(\d+)\s*,\s*(\d+)", re.S)


def scan_sources(src_dir):
    """{(kind, name): (register function, min version, max version, file)} of builtin_ops/."""
    table = {}
    root = pathlib.Path(src_dir)
    for f in sorted(root.rglob("*.cc")):
        rel = f.relative_to(root).as_posix()
        # Family lists and the full entry point call the per-file functions; gemm/ registers nothing.
        if rel == "plugin_entry.cc" or rel.startswith("gemm/") or re.search(r"register_\w+_ops\.cc$", rel):
            continue
        text = f.read_text()
        calls = list(ADD_CALL.finditer(text))
        if not calls:
            continue
        fns = [(m.start(), m.group(1)) for m in REGISTER_FN.finditer(text)]
        for call in calls:
            owner = [name for start, name in fns if start < call.start()]
            if not owner:
                sys.exit(f"{f}: an op registration outside any Register*(Registrar&) function")
            kind = "builtin" if call.group(1) == "Builtin" else "custom"
            table[(kind, call.group(2))] = (owner[-1], int(call.group(3)), int(call.group(4)), rel)
        if len(calls) != text.count(".AddBuiltin<") + text.count(".AddCustom<"):
            sys.exit(f"{f}: an op registration whose name is not a string literal; the selective "
                     "build needs literal names (tools/selective_build/plinth_selective.py)")
    return table


def cmd_gen(args):
    ops = read_ops(args.ops)
    table = scan_sources(args.sources)
    fns, names, notes = [], [], []
    for (kind, name), (lo, hi) in sorted(ops.items()):
        hit = table.get((kind, name))
        if hit is None:
            notes.append(f"{kind} op {name} has no kernel in builtin_ops/ (another plugin must "
                         "provide it)")
            continue
        fn, kmin, kmax, _ = hit
        if lo < kmin or hi > kmax:
            notes.append(f"{name} v{lo}-{hi} is wanted but builtin_ops serves v{kmin}-{kmax}")
        if fn not in fns:
            fns.append(fn)
        names.append((kind, name))
    label = ", ".join(pathlib.Path(p).name for p in args.ops)
    out = ["// Generated by tools/selective_build/plinth_selective.py from " + label +
           ": do not edit.",
           f"#define PLINTH_SELECTED_OPS_LABEL \"{label}\"",
           f"#define PLINTH_SELECTED_OPS_COUNT {len(names)}"]
    out += [f"PLINTH_SELECTED_REGISTER({fn})" for fn in fns]
    out += [f"PLINTH_SELECTED_OP({'false' if k == 'builtin' else 'true'}, \"{n}\")"
            for k, n in names]
    text = "\n".join(out) + "\n"
    path = pathlib.Path(args.output)
    if not path.exists() or path.read_text() != text:  # keeps the timestamp when nothing changed
        path.write_text(text)
    for note in notes:
        print(f"plinth_selective: note: {note}", file=sys.stderr)


def cmd_scan(args):
    for (kind, name), (fn, lo, hi, rel) in sorted(scan_sources(args.sources).items()):
        print(f"{kind} {name} {lo}-{hi} {fn} {rel}")


def main():
    here = pathlib.Path(__file__).resolve().parent
    default_schema = here.parent.parent / "schema" / "tflite.fbs"
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    o = sub.add_parser("ops", help="write the op list of one or more .tflite models")
    o.add_argument("models", nargs="+")
    o.add_argument("-o", "--output", default="-", help="op list file (default: stdout)")
    o.add_argument("--schema", default=str(default_schema))
    o.set_defaults(run=cmd_ops)
    g = sub.add_parser("gen", help="write the registration table of a selective build (CMake)")
    g.add_argument("--ops", nargs="+", required=True)
    g.add_argument("--sources", required=True, help="the builtin_ops/ folder")
    g.add_argument("-o", "--output", required=True)
    g.set_defaults(run=cmd_gen)
    s = sub.add_parser("scan", help="list the ops builtin_ops/ registers, and where")
    s.add_argument("--sources", default=str(here.parent.parent / "builtin_ops"))
    s.set_defaults(run=cmd_scan)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
