#!/usr/bin/python3
"""Benchmark driver: DJL (`statetrack bench-steps`) against the PyTorch reference, per training step.

For every size in the chosen size sets and every length, runs the Java side and the Python side
alternately for several rounds (so that a slow spell on a shared machine hits both), takes the
median of the per-run medians and prints a Markdown table. Standard library only.
"""
import argparse
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
MODELS = ("transformer", "lstm", "dense-ssm")
# What both sides must print, in one JSON line on stdout (the last line starting with "{").
REQUIRED = ("impl", "model", "layers", "width", "heads", "embedding", "length", "threads",
            "batch", "median_ms", "params")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--java-cmd", default=str(BENCH.parent / "bin" / "statetrack"),
                   help="command for the Java side; `bench-steps` and the options are appended "
                        "(default: bin/statetrack of this checkout)")
    p.add_argument("--python", default="/usr/bin/python3",
                   help="interpreter with Debian's torch (default: /usr/bin/python3)")
    p.add_argument("--sizes-file", default=str(BENCH / "sizes.json"))
    p.add_argument("--size-sets", default="quick,paper", help="comma list of keys of the sizes file")
    p.add_argument("--models", default=",".join(MODELS), help="comma list, e.g. lstm,dense-ssm")
    p.add_argument("--lengths", default="20", help="comma list of input lengths")
    p.add_argument("--rounds", type=int, default=3, help="java, python pairs per configuration")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--group-order", type=int, default=5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed for one run")
    p.add_argument("--ensembles", default="",
                   help="comma list of ensemble sizes E (e.g. 1,2,4,8,15): instead of the per-step table, "
                        "member-steps per second of E-member ensembles against --baseline-cmd and the reference")
    p.add_argument("--baseline-cmd", default="",
                   help="with --ensembles: the Java command of the build to compare with (e.g. a checkout of the "
                        "commit before ensembles), run as 2 concurrent 1-thread trials")
    p.add_argument("--concurrent", type=int, default=2,
                   help="with --ensembles: ensembles (and baseline trials) trained at once (default 2)")
    args = p.parse_args()
    args.models = split(args.models)
    unknown = [m for m in args.models if m not in MODELS]
    if unknown:
        p.error(f"unknown model(s) {', '.join(unknown)}; allowed: {', '.join(MODELS)}")
    args.lengths = [int(n) for n in split(args.lengths)]
    args.size_sets = split(args.size_sets)
    args.ensembles = [int(e) for e in split(args.ensembles)]
    if args.ensembles and not args.baseline_cmd:
        p.error("--ensembles needs --baseline-cmd (the build whose throughput the ensembles are compared with)")
    return args


def split(text):
    return [t.strip() for t in text.split(",") if t.strip()]


def load_sizes(path, sets, models):
    with open(path) as f:
        table = json.load(f)
    chosen = []
    for name in sets:
        if name not in table:
            sys.exit(f"size set '{name}' is not in {path} (it has: {', '.join(table)})")
        chosen += [(name, size) for size in table[name] if size["model"] in models]
    return chosen


def step_options(size, length, args):
    opts = ["--model", size["model"],
            "--layers", size.get("layers", 1),
            "--width", size["width"],
            "--heads", size.get("heads", 0),
            "--embedding", size.get("embedding", 0),
            "--normalize-state" if size.get("normalize_state", True) else "--no-normalize-state",
            "--group-order", args.group_order,
            "--length", length,
            "--batch", args.batch,
            "--threads", args.threads,
            "--warmup", args.warmup,
            "--steps", args.steps,
            "--repeats", args.repeats]
    return [str(o) for o in opts]


def size_label(size):
    m = size["model"]
    if m == "transformer":
        return f"{size['layers']} layers, width {size['width']}, {size['heads']} heads"
    if m == "lstm":
        layers = size.get("layers", 1)
        return (f"{'' if layers == 1 else f'{layers} layers, '}hidden {size['width']}, "
                f"embedding {size.get('embedding', size['width'])}")
    return f"state {size['width']}{'' if size.get('normalize_state', True) else ', unnormalised'}"


def run_side(impl, cmd, env, timeout, asked):
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    side = "Java side (statetrack bench-steps)" if impl == "djl" else "PyTorch reference"
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        sys.exit(f"{side} failed (exit {proc.returncode}): {shlex.join(cmd)}\n{tail}")
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        sys.exit(f"{side} printed no JSON line: {shlex.join(cmd)}\nstdout:\n{proc.stdout[-2000:]}")
    result = json.loads(lines[-1])
    missing = [k for k in REQUIRED if k not in result]
    if missing or result["impl"] != impl:
        sys.exit(f"{side} printed {lines[-1]}\nexpected impl '{impl}' and the fields "
                 f"{', '.join(REQUIRED)}; missing: {', '.join(missing) or 'none'}")
    # A side that ignores an option would time another model than the table says.
    wrong = [f"{k} {result[k]} (asked {v})" for k, v in asked.items() if str(result[k]) != str(v)]
    if wrong:
        sys.exit(f"{side} measured something else than asked: {', '.join(wrong)}\n{shlex.join(cmd)}")
    return result


def check_java(cmd):
    exe = cmd[0]
    if shutil.which(exe) is None and not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        sys.exit(f"Java side not found: '{exe}' is not an executable. Build statetrack (its "
                 f"`bench-steps` command prints the JSON line), or point --java-cmd at it.")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores"


def spread(values):
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.1f}"
    return f"{med:.1f} ({min(values):.1f}–{max(values):.1f})"


def matmul_gflops(java, env, args):
    cmd = java + ["bench-steps", "--matmul-reference", "--threads", "1", "--warmup", "2", "--repeats", "5"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.exit(f"matrix-multiply reference failed: {shlex.join(cmd)}\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])["gflops"]


def ensembles(args, java, java_env, py_env, reference):
    """Member-steps per second of E-member ensembles, against the baseline build and the reference."""
    baseline = shlex.split(args.baseline_cmd)
    check_java(baseline)
    configs = [(name, size, n) for name, size in load_sizes(args.sizes_file, args.size_sets, args.models)
               for n in args.lengths]
    matmul = [matmul_gflops(java, java_env, args)]
    rows = []
    for i, (name, size, length) in enumerate(configs, 1):
        opts = step_options(size, length, args)
        asked = {"model": size["model"], "width": size["width"], "length": length, "threads": args.threads,
                 "batch": args.batch}
        runs = {"baseline": [], "pytorch": [], **{e: [] for e in args.ensembles}}
        for r in range(args.rounds):
            sides = [("baseline", "djl", baseline + ["bench-steps"] + opts + ["--concurrent", str(args.concurrent)],
                      java_env),
                     ("pytorch", "pytorch", reference + opts, py_env)]
            sides += [(e, "djl", java + ["bench-steps"] + opts + ["--ensemble", str(e), "--concurrent",
                                                                 str(args.concurrent)], java_env)
                      for e in args.ensembles]
            for key, impl, cmd, env in sides:
                result = run_side(impl, cmd, env, args.timeout, asked)
                runs[key].append(result)
                print(f"[{i}/{len(configs)} round {r + 1}/{args.rounds}] {json.dumps(result)}",
                      file=sys.stderr, flush=True)
        base = statistics.median(x["steps_per_s"] for x in runs["baseline"])
        torch_rate = statistics.median(1000.0 / x["median_ms"] for x in runs["pytorch"])
        for e in args.ensembles:
            rate = statistics.median(x["member_steps_per_s"] for x in runs[e])
            flops = runs[e][-1].get("flops_per_step")
            gflops = f"{rate * flops / 1e9:.2f}" if flops else "-"
            share = f"{rate * flops / 1e9 / args.concurrent / matmul[0] * 100:.0f}%" if flops else "-"
            rows.append([size["model"], f"{name}: {size_label(size)}", str(length), str(e),
                         spread([x["member_steps_per_s"] for x in runs[e]]), f"{base:.1f}", f"{rate / base:.2f}",
                         f"{torch_rate:.1f}", f"{rate / args.concurrent / torch_rate:.2f}", gflops, share])
    matmul.append(matmul_gflops(java, java_env, args))
    now = datetime.datetime.now().astimezone().isoformat(timespec="minutes")
    print(f"Machine: {machine()}; threads {args.threads} per trial, {args.concurrent} trials or ensembles at once; "
          f"{now}.  ")
    print(f"Single-core float32 matrix multiply (512³, DJL): {matmul[0]} GFLOP/s before the runs, {matmul[1]} after.  ")
    print(f"Batch {args.batch} per member, K={args.group_order}; each run: {args.warmup} warm-up steps, then the "
          f"median of {args.repeats} repeats of {args.steps} steps; cells: median over {args.rounds} alternating "
          f"rounds (min–max). Baseline: `{args.baseline_cmd}` with {args.concurrent} concurrent 1-thread trials. "
          f"PyTorch: the reference training the E configurations one after another on one core. GFLOP/s: "
          f"member-steps/s × the architecture's FLOPs per training step, over all {args.concurrent} cores; "
          f"'of matmul': per core, against the single-core matrix-multiply rate before the runs.")
    print()
    header = ["model", "size", "length", "E", "ensembles: member-steps/s", "baseline steps/s", "× baseline",
              "PyTorch steps/s (1 core)", "× PyTorch per core", "GFLOP/s", "of matmul"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main():
    args = parse_args()
    java = shlex.split(args.java_cmd)
    check_java(java)
    configs = [(name, size, n) for name, size in load_sizes(args.sizes_file, args.size_sets, args.models)
               for n in args.lengths]
    if not configs:
        sys.exit("nothing to run: no size of the chosen sets matches --models")

    threads = str(args.threads)
    java_env = dict(os.environ, OMP_NUM_THREADS=threads, DJL_OFFLINE="true")
    py_env = dict(os.environ, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads,
                  LD_LIBRARY_PATH=":".join(filter(None, [OPENBLAS, os.environ.get("LD_LIBRARY_PATH")])))
    reference = [args.python, str(BENCH / "pytorch_reference.py")]
    if args.ensembles:
        ensembles(args, java, java_env, py_env, reference)
        return

    rows, extras, mismatches = [], {"djl": {}, "pytorch": {}}, []
    for i, (name, size, length) in enumerate(configs, 1):
        opts = step_options(size, length, args)
        asked = {"model": size["model"], "width": size["width"], "length": length,
                 "threads": args.threads, "batch": args.batch}
        runs = {"djl": [], "pytorch": []}
        for r in range(args.rounds):
            for impl, cmd, env in (("djl", java + ["bench-steps"] + opts, java_env),
                                   ("pytorch", reference + opts, py_env)):
                result = run_side(impl, cmd, env, args.timeout, asked)
                runs[impl].append(result)
                print(f"[{i}/{len(configs)} round {r + 1}/{args.rounds}] {json.dumps(result)}",
                      file=sys.stderr, flush=True)
        for impl in runs:
            extras[impl].update({k: v for k, v in runs[impl][-1].items() if k not in REQUIRED})
        djl_ms = [x["median_ms"] for x in runs["djl"]]
        py_ms = [x["median_ms"] for x in runs["pytorch"]]
        djl_params, py_params = runs["djl"][-1]["params"], runs["pytorch"][-1]["params"]
        if djl_params != py_params:
            mismatches.append(f"{size['model']} {size_label(size)}: DJL {djl_params}, PyTorch {py_params}")
            params = f"**{djl_params} ≠ {py_params}**"
        else:
            params = str(djl_params)
        rows.append([size["model"], f"{name}: {size_label(size)}", str(length), params,
                     spread(djl_ms), spread(py_ms),
                     f"{statistics.median(djl_ms) / statistics.median(py_ms):.2f}"])

    now = datetime.datetime.now().astimezone().isoformat(timespec="minutes")
    versions = "; ".join(f"{side}: " + (", ".join(f"{k} {v}" for k, v in sorted(extras[impl].items())) or "-")
                         for impl, side in (("djl", "DJL side"), ("pytorch", "PyTorch side")))
    print(f"Machine: {machine()}; threads {args.threads}; {versions}; {now}.  ")
    print(f"Batch {args.batch}, K={args.group_order} (vocabulary {args.group_order + 2}), every "
          f"position supervised; each run: {args.warmup} warm-up steps, then the median of "
          f"{args.repeats} repeats of {args.steps} steps; cells: median over {args.rounds} "
          f"alternating rounds (min–max).")
    print()
    header = ["model", "size", "length", "params", "DJL ms/step", "PyTorch ms/step", "DJL/PyTorch"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if mismatches:
        print("\nParameter counts differ, so the models are not the same:\n- " + "\n- ".join(mismatches))
        sys.exit(2)


if __name__ == "__main__":
    main()
