#!/usr/bin/env python3
"""Adaptive search against success-rate mode on the same cells (studies/README.md).

usage: bench/adaptive_vs_success_rate.py ADAPTIVE_DIR SUCCESS_RATE_DIR

Reads each folder's nstar.csv and trials.csv (write them with `statetrack report DIR` if a run was
stopped early). Member-steps of a cell: the sum of steps_run over the folder's trials of that cell
(both folders are fresh and hold only their own study's trials; models are told apart by kind, so a
study may have one model of each kind). Prints one Markdown row per cell both
methods finished (the width ratio and overlap where both have an interval of N*50), and the totals.
"""
import csv
import math
import sys


def load(folder):
    searches = {}
    with open(f"{folder}/nstar.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] in ("learnt", "not-learnable-within-budget"):
                key = (row["model"], row["group"], row["format"], row["distribution"], row["max_length"])
                searches[key] = row
    steps = {}
    trials = {}
    with open(f"{folder}/trials.csv", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["model_kind"], row["group"], row["format"], row["distribution"], row["max_length"])
            steps[key] = steps.get(key, 0) + int(row["steps_run"])
            trials[key] = trials.get(key, 0) + 1
    return searches, steps, trials


def interval(row):
    """N*50's interval; None without one (success-rate mode has no fit where only N_max was tried)."""
    if row["n_star_50_lower"] == "":
        return None
    return float(row["n_star_50_lower"]), float(row["n_star_50_upper"])


def text(row, bounds):
    if bounds is None:
        return "none (" + row["stop_reason"] + ")"
    return f"{float(row['n_star_50']):.0f} [{bounds[0]:.0f}, {bounds[1]:.0f}]"


def main(adaptive_dir, rates_dir):
    a, a_steps, a_trials = load(adaptive_dir)
    r, r_steps, r_trials = load(rates_dir)
    print("| cell | adaptive: trials, member-steps, N*50 [95%], stop | success-rate: trials, member-steps, "
          "N*50 [95%] | steps ratio (SR / adaptive) | width ratio ln(u/l) (adaptive / SR) | overlap |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = [0, 0]
    overlaps = 0
    both = 0
    no_wider = 0
    for key in sorted(set(a) & set(r)):
        sa, sr = a_steps.get(key, 0), r_steps.get(key, 0)
        ia, ir = interval(a[key]), interval(r[key])
        totals[0] += sa
        totals[1] += sr
        if ia is not None and ir is not None:
            both += 1
            overlap = ia[0] <= ir[1] and ir[0] <= ia[1]
            overlaps += overlap
            wa, wr = math.log(ia[1] / ia[0]), math.log(ir[1] / ir[0])
            width = "SR open above" if math.isinf(wr) else f"{wa / wr:.2f}"
            no_wider += math.isinf(wr) or wa <= wr
            overlap_text = "yes" if overlap else "no"
        else:
            width = overlap_text = "—"
        print(f"| {' '.join(key)} | {a_trials.get(key, 0)}, {sa:,}, {text(a[key], ia)}, "
              f"{a[key]['stop_reason']} | {r_trials.get(key, 0)}, {sr:,}, {text(r[key], ir)} | {sr / sa:.2f} | "
              f"{width} | {overlap_text} |")
    print(f"\nmember-steps over every cell: {totals[0]:,} adaptive, {totals[1]:,} success-rate (ratio "
          f"{totals[1] / totals[0]:.2f}); N*50 intervals in both for {both} cells, overlapping in {overlaps}, "
          f"the adaptive one no wider in {no_wider}.")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
