#!/usr/bin/env python3
"""The layers, checked from the outside (README, "Layout").

The build already refuses an include of a part a target does not link (each part's headers are
only on the include path of the targets that use it). This script checks what the build cannot:
  1. the graph in the CMake files (hailong_part ... USES) has none of the forbidden arrows below,
     and no cycle;
  2. every quoted include "<part>/file.h" in a part's files names the part itself or one it uses
     (directly or through the parts it uses), and no include climbs out with "../";
  3. no file of core/ includes ImGui, GLFW or OpenGL in any spelling (a system include path
     such as <imgui/imgui.h> would get past the build).
Exit status 0 when all hold; otherwise every violation is printed, one per line.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
CORE = ["base", "survey", "ime", "speech", "store", "batch", "flow", "hq", "demo", "web"]
APP = ["ui", "service"]
# Arrows no CMake edit may add (issue 15). "X": every domain part.
FORBIDDEN = [("store", "flow"), ("store", "batch"), ("batch", "hq"), ("hq", "flow"), ("batch", "flow"),
             ("survey", "store"), ("ime", "survey"), ("demo", "hq"), ("hq", "web"), ("web", "flow")] + [("base", p) for p in CORE if p != "base"] \
    + [("speech", p) for p in CORE if p not in ("base", "speech")]  # speech: sound and words only (issue 20)
UI_INCLUDE = re.compile(r'#\s*include\s*[<"]([^">]*(imgui|glfw|GLFW|GL/|glad|backends/)[^">]*)[">]', re.I)
QUOTED = re.compile(r'#\s*include\s*"([^"]+)"')


def parse_parts():
    """part -> (folder, public uses, private uses) from every hailong_part() call."""
    parts = {}
    for cml in list((ROOT / "core").glob("*/CMakeLists.txt")) + list((ROOT / "app").glob("*/CMakeLists.txt")):
        text = re.sub(r"#[^\n]*", "", cml.read_text())
        for m in re.finditer(r"hailong_part\((\w+)(.*?)\)\s*(?:\n|$)", text, re.S):
            name, body = m.group(1), m.group(2)
            words = body.split()
            uses, private, section = [], [], None
            for w in words:
                if w in ("SOURCES", "USES", "PUBLIC", "PRIVATE"):
                    section = w
                elif section == "USES":
                    uses.append(w)
                elif section == "PRIVATE" and w.startswith("hailong_"):
                    private.append(w[len("hailong_"):])
            parts[name] = (cml.parent, uses, private)
    return parts


def closure(parts, name, seen=None):
    seen = set() if seen is None else seen
    for used in parts[name][1]:
        if used not in seen:
            seen.add(used)
            closure(parts, used, seen)
    return seen


def main():
    problems = []
    parts = parse_parts()
    for p in CORE + APP:
        if p not in parts:
            problems.append(f"no hailong_part({p}) found in core/{p} or app/{p}")
    if problems:
        print("\n".join(problems)); return 1
    # 1. The graph.
    for name in parts:
        reach = closure(parts, name) | set(parts[name][2])
        if name in closure(parts, name):
            problems.append(f"cycle: {name} reaches itself through {sorted(closure(parts, name))}")
        for a, b in FORBIDDEN:
            if name == a and b in reach:
                problems.append(f"forbidden arrow in the CMake files: {a} -> {b}")
        if name in CORE and any(u in APP for u in reach):
            problems.append(f"core part {name} uses an app part: {sorted(reach & set(APP))}")
    # 2 and 3. The includes.
    known = set(parts)
    for name, (folder, uses, private) in parts.items():
        allowed = {name} | closure(parts, name) | set(private)
        for private_part in private:
            allowed |= closure(parts, private_part)
        for f in sorted(folder.rglob("*")):
            if f.suffix not in (".h", ".cpp"):
                continue
            rel = f.relative_to(ROOT)
            for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
                if name in CORE and UI_INCLUDE.search(line):
                    problems.append(f"{rel}:{n}: core includes a UI library: {line.strip()}")
                m = QUOTED.search(line)
                if not m:
                    continue
                target = m.group(1)
                if "../" in target:
                    problems.append(f"{rel}:{n}: include climbs out of its folder: {target}")
                head = target.split("/")[0]
                if "/" in target and head in known and head not in allowed:
                    problems.append(f"{rel}:{n}: {name} may not include {head}/ ({target}); "
                                    f"it uses {sorted(allowed - {name})}")
    print("\n".join(problems) if problems else
          f"layers: {len(parts)} parts, no forbidden arrow, every include allowed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
