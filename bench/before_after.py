#!/usr/bin/python3
"""Member-steps per second of two statetrack checkouts, run alternately.

Each round runs `bin/statetrack bench-steps` of the "before" and the "after" checkout one after the
other (which goes first alternates by round) for every length, with all ensemble sizes in one run,
so that a slow spell on a shared machine falls on both sides. Prints a Markdown table of the
medians over the rounds and the after/before ratio; raw JSON lines go to stderr. Standard library
only.

With --malloc-tuning, a third side runs the after checkout with glibc's allocator told to keep freed
memory (GLIBC_TUNABLES below), and the other two with GLIBC_TUNABLES empty, so that what the launcher
sets by default is measured apart from the code.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--before", required=True, help="checkout of the old version (its bin/statetrack builds itself)")
    p.add_argument("--after", default=str(Path(__file__).resolve().parent.parent), help="default: this checkout")
    p.add_argument("--model", default="transformer")
    p.add_argument("--lengths", default="4,6,20")
    p.add_argument("--ensembles", default="1,4,8,16")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--metric", default="member_steps_per_s",
                   help="bench-steps field compared; member_steps_per_cpu_s counts thread CPU time, steadier "
                        "on a shared machine (both checkouts must report it)")
    p.add_argument("--malloc-tuning", action="store_true",
                   help="also run the after checkout with GLIBC_TUNABLES=" + "MALLOC_TUNING (see below)")
    p.add_argument("--extra", default="--layers 2 --width 32 --heads 2 --warmup 10 --steps 30 --repeats 5",
                   help="further bench-steps options, the same for both sides")
    return p.parse_args()


MALLOC_TUNING = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296"


def run(checkout, args, length, tunables=""):
    cmd = [str(Path(checkout) / "bin" / "statetrack"), "bench-steps", "--model", args.model,
           "--length", str(length), "--ensemble", args.ensembles] + args.extra.split()
    env = dict(os.environ, GLIBC_TUNABLES=tunables)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for row in rows:
        print(json.dumps(dict(row, side=checkout, glibc_tunables=tunables)), file=sys.stderr, flush=True)
    return {row["ensemble"]: row[args.metric] for row in rows}


def main():
    args = parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    ensembles = [int(x) for x in args.ensembles.split(",")]
    rates = {}  # (side, length, E) -> member-steps/s of each round
    sides = [("before", args.before, ""), ("after", args.after, "")]
    if args.malloc_tuning:
        sides.append(("after+malloc", args.after, MALLOC_TUNING))
    for r in range(args.rounds):
        for length in lengths:
            for name, checkout, tunables in (sides if r % 2 == 0 else sides[::-1]):
                for e, rate in run(checkout, args, length, tunables).items():
                    rates.setdefault((name, length, e), []).append(rate)
    print(f"{args.model} {args.extra}; median {args.metric} over {args.rounds} rounds [min–max]\n")
    names = [name for name, _, _ in sides]
    print("| length | E | " + " | ".join(names) + " | " + " | ".join(f"{n}/before" for n in names[1:]) + " |")
    print("| --- " * (2 + 2 * len(names) - 1) + "|")
    for length in lengths:
        for e in ensembles:
            cells, medians = [], []
            for name in names:
                values = rates[(name, length, e)]
                medians.append(statistics.median(values))
                cells.append(f"{medians[-1]:.0f} [{min(values):.0f}–{max(values):.0f}]")
            ratios = [f"{m / medians[0]:.2f}" for m in medians[1:]]
            print(f"| {length} | {e} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
