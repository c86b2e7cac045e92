"""Wheel helper for infra/tfjs/provision.js (Python 3 standard library only).

Commands (each reads one JSON document from argv[2] and prints one JSON
document on stdout; progress goes to stderr):

  metadata {"wheel": W, "extra": "and-cuda"}
      -> {"name", "version", "requires": [...], "extraRequires": [...]}
      The Requires-Dist lines of W's METADATA; extraRequires are those guarded
      by `extra == "<extra>"`, with the marker stripped.

  extract {"wheel": W, "out": DIR, "files": [{"member": M, "dest": D}],
           "globs": [PATTERN], "stripPrefix": P,
           "headers": {"root": R, "seeds": [H], "dest": D}}
      Streams the listed members (and members matching the fnmatch globs,
      written at their path minus stripPrefix) into DIR, keeping the executable
      bit. With "headers", copies every header reachable by #include from the
      seeds (paths relative to R inside the wheel) into DIR/D.
      -> {"files": [{"path", "bytes"}], "headers": n, "headerBytes": n}
"""

import fnmatch
import json
import os
import posixpath
import re
import shutil
import sys
import time
import zipfile

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)
CHUNK = 4 * 1024 * 1024


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def mib(n):
    return "%.1f MiB" % (n / 1048576.0)


def read_metadata(zf):
    names = [n for n in zf.namelist() if re.match(r"^[^/]+\.dist-info/METADATA$", n)]
    if not names:
        raise SystemExit("no *.dist-info/METADATA in wheel")
    return zf.read(names[0]).decode("utf-8", "replace")


def cmd_metadata(spec):
    with zipfile.ZipFile(spec["wheel"]) as zf:
        text = read_metadata(zf)
    headers = text.split("\n\n", 1)[0]
    name = version = None
    requires, extra_requires = [], []
    extra = spec.get("extra")
    extra_re = re.compile(r"""extra\s*==\s*["']%s["']""" % re.escape(extra or ""))
    for line in headers.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "Name":
            name = value
        elif key == "Version":
            version = value
        elif key == "Requires-Dist":
            requires.append(value)
            req, _, marker = value.partition(";")
            if extra and extra_re.search(marker):
                extra_requires.append(req.strip())
    return {"name": name, "version": version, "requires": requires, "extraRequires": extra_requires}


def copy_member(zf, info, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = target + ".part"
    with zf.open(info) as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
    mode = (info.external_attr >> 16) & 0o777
    os.chmod(tmp, 0o755 if mode & 0o111 else 0o644)
    os.replace(tmp, target)


def header_closure(names, root, seeds, zf):
    """Headers under `root` reachable from `seeds` by #include, resolved
    against the include root and the including file's directory."""
    root = root.rstrip("/") + "/"
    todo = [s for s in seeds if root + s in names]
    seen = set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        text = zf.read(root + rel).decode("utf-8", "replace")
        here = posixpath.dirname(rel)
        for inc in INCLUDE_RE.findall(text):
            for cand in (inc, posixpath.normpath(posixpath.join(here, inc))):
                if root + cand in names and cand not in seen:
                    todo.append(cand)
                    break
    return sorted(seen)


def cmd_extract(spec):
    out = spec["out"]
    os.makedirs(out, exist_ok=True)
    result = {"files": [], "headers": 0, "headerBytes": 0}
    with zipfile.ZipFile(spec["wheel"]) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        jobs = []
        for f in spec.get("files", []):
            if f["member"] not in infos:
                raise SystemExit("member %s not found in %s" % (f["member"], spec["wheel"]))
            jobs.append((infos[f["member"]], f["dest"]))
        strip = spec.get("stripPrefix", "")
        for pattern in spec.get("globs", []):
            for name, info in infos.items():
                if name.endswith("/") or not fnmatch.fnmatchcase(name, pattern):
                    continue
                dest = name[len(strip):] if strip and name.startswith(strip) else name
                jobs.append((info, dest))
        total = sum(i.file_size for i, _ in jobs)
        done = 0
        for info, dest in jobs:
            t0 = time.time()
            copy_member(zf, info, os.path.join(out, dest))
            done += info.file_size
            if info.file_size >= 8 * 1048576:
                log("  %-48s %10s  (%.1fs; %s of %s)" % (
                    dest, mib(info.file_size), time.time() - t0, mib(done), mib(total)))
            result["files"].append({"path": dest, "bytes": info.file_size})
        hdr = spec.get("headers")
        if hdr:
            names = set(infos)
            closure = header_closure(names, hdr["root"], hdr["seeds"], zf)
            missing = [s for s in hdr["seeds"] if s not in closure]
            if hdr.get("required"):
                absent = [s for s in hdr["required"] if s not in closure]
                if absent:
                    raise SystemExit("headers not in wheel: " + ", ".join(absent))
            root = hdr["root"].rstrip("/") + "/"
            for rel in closure:
                info = infos[root + rel]
                copy_member(zf, info, os.path.join(out, hdr["dest"], rel))
                result["headers"] += 1
                result["headerBytes"] += info.file_size
            result["seedsNotInWheel"] = missing
    return result


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: wheel.py metadata|extract '<json spec>'")
    spec = json.loads(sys.argv[2])
    cmd = {"metadata": cmd_metadata, "extract": cmd_extract}.get(sys.argv[1])
    if cmd is None:
        raise SystemExit("unknown command " + sys.argv[1])
    json.dump(cmd(spec), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
