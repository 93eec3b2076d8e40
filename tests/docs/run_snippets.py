"""Runs the tutorial's NumPy snippets and evaluates the functions they define.

Input (stdin, JSON): {"blocks": [{"where": str, "code": str}], "activations":
{id: [x...]}, "losses": {id: [[pred...], [target...]]...}}. Each block runs
in a fresh namespace; functions named <id> / <id>_grad (activations) and
<id>_loss / <id>_loss_grad (losses) are called on the given inputs. Output
(stdout, JSON): {"numpy": "real" | "shim", "results": [{where, name, kind,
id, case, value}], "errors": [str]}. Runs with Debian's python3 and
python3-numpy (installed by scripts/setup.sh).
"""
import contextlib
import io
import json
import math
import os
import sys
import traceback

import numpy as np

which = "real"


def plain(v):
    if hasattr(v, "tolist"):
        v = v.tolist()
    elif hasattr(v, "v"):
        v = list(v.v)
    # JSON has no NaN or infinity: a non-finite value becomes null, which no check accepts
    if isinstance(v, list):
        return [float(t) if math.isfinite(float(t)) else None for t in v]
    return float(v) if math.isfinite(float(v)) else None


spec = json.load(sys.stdin)
results, errors = [], []
for block in spec["blocks"]:
    namespace = {"__name__": "snippet"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # snippets print; keep stdout for JSON
            exec(compile(block["code"], block["where"], "exec"), namespace)
    except Exception:
        errors.append("%s: %s" % (block["where"], traceback.format_exc(limit=2)))
        continue
    for name, fn in list(namespace.items()):  # a call may add __warningregistry__
        if not callable(fn) or name.startswith("_") or getattr(fn, "__module__", None) != "snippet":
            continue
        if name.endswith("_loss_grad") or name.endswith("_loss"):
            kind = "loss_grad" if name.endswith("_grad") else "loss"
            lid = name[: -len("_loss_grad")] if kind == "loss_grad" else name[: -len("_loss")]
            cases = spec["losses"].get(lid)
            if cases is None:
                continue
            for i, (pred, target) in enumerate(cases):
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        if lid == "cross_entropy":
                            value = fn(np.asarray(pred), int(target[0]))
                        else:
                            value = fn(np.asarray(pred), np.asarray(target))
                    results.append({"where": block["where"], "name": name, "kind": kind, "id": lid, "case": i, "value": plain(value)})
                except Exception:
                    errors.append("%s: %s(case %d): %s" % (block["where"], name, i, traceback.format_exc(limit=2)))
        else:
            kind = "grad" if name.endswith("_grad") else "value"
            aid = name[: -len("_grad")] if kind == "grad" else name
            xs = spec["activations"].get(aid)
            if xs is None:
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    value = fn(np.asarray(xs))
                results.append({"where": block["where"], "name": name, "kind": kind, "id": aid, "case": 0, "value": plain(value)})
            except Exception:
                errors.append("%s: %s: %s" % (block["where"], name, traceback.format_exc(limit=2)))
json.dump({"numpy": which, "results": results, "errors": errors}, sys.stdout)
