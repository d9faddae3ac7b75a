#!/usr/bin/python3
"""Member-steps per second of two statetrack checkouts, run alternately.

Each round runs `bin/statetrack bench-steps` of the "before" and the "after" checkout one after the
other (which goes first alternates by round) for every length, with all ensemble sizes in one run,
so that a slow spell on a shared machine falls on both sides. Prints a Markdown table of the
medians over the rounds and the after/before ratio; raw JSON lines go to stderr. Standard library
only.
"""
import argparse
import json
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
    p.add_argument("--extra", default="--layers 2 --width 32 --heads 2 --warmup 10 --steps 30 --repeats 5",
                   help="further bench-steps options, the same for both sides")
    return p.parse_args()


def run(checkout, args, length):
    cmd = [str(Path(checkout) / "bin" / "statetrack"), "bench-steps", "--model", args.model,
           "--length", str(length), "--ensemble", args.ensembles] + args.extra.split()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for row in rows:
        print(json.dumps(dict(row, side=checkout)), file=sys.stderr, flush=True)
    return {row["ensemble"]: row["member_steps_per_s"] for row in rows}


def main():
    args = parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    ensembles = [int(x) for x in args.ensembles.split(",")]
    rates = {}  # (side, length, E) -> member-steps/s of each round
    for r in range(args.rounds):
        for length in lengths:
            sides = ("before", "after") if r % 2 == 0 else ("after", "before")
            for side in sides:
                for e, rate in run(getattr(args, side), args, length).items():
                    rates.setdefault((side, length, e), []).append(rate)
    print(f"{args.model} {args.extra}; median member-steps/s over {args.rounds} rounds [min–max]\n")
    print("| length | E | before | after | after/before |")
    print("| --- | --- | --- | --- | --- |")
    for length in lengths:
        for e in ensembles:
            before, after = rates[("before", length, e)], rates[("after", length, e)]
            mb, ma = statistics.median(before), statistics.median(after)
            print(f"| {length} | {e} | {mb:.0f} [{min(before):.0f}–{max(before):.0f}] "
                  f"| {ma:.0f} [{min(after):.0f}–{max(after):.0f}] | {ma / mb:.2f} |")


if __name__ == "__main__":
    main()
