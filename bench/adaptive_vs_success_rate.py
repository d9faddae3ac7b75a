#!/usr/bin/env python3
"""Adaptive search against success-rate mode on the same cells (studies/README.md).

usage: bench/adaptive_vs_success_rate.py ADAPTIVE_DIR SUCCESS_RATE_DIR

Reads each folder's nstar.csv and trials.csv (write them with `statetrack report DIR` if a run was
stopped early). Member-steps of a cell: the sum of steps_run over the folder's trials of that cell
(both folders are fresh and hold only their own study's trials, of one model). Prints one Markdown row per cell both
methods finished, and the totals.
"""
import csv
import math
import sys


def load(folder):
    searches = {}
    with open(f"{folder}/nstar.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] in ("learnt", "not-learnable-within-budget") and row["n_star_50"] != "":
                key = (row["group"], row["format"], row["distribution"], row["max_length"])
                searches[key] = row
    steps = {}
    trials = {}
    with open(f"{folder}/trials.csv", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["group"], row["format"], row["distribution"], row["max_length"])
            steps[key] = steps.get(key, 0) + int(row["steps_run"])
            trials[key] = trials.get(key, 0) + 1
    return searches, steps, trials


def interval(row):
    return float(row["n_star_50_lower"]), float(row["n_star_50_upper"])


def main(adaptive_dir, rates_dir):
    a, a_steps, a_trials = load(adaptive_dir)
    r, r_steps, r_trials = load(rates_dir)
    print("| cell | adaptive: trials, member-steps, N*50 [95%], stop | success-rate: trials, member-steps, "
          "N*50 [95%] | steps ratio (SR / adaptive) | width ratio ln(u/l) (adaptive / SR) | overlap |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = [0, 0]
    overlaps = 0
    both = 0
    for key in sorted(set(a) & set(r)):
        trial_key = key
        sa, sr = a_steps.get(key, 0), r_steps.get(key, 0)
        la, ua = interval(a[key])
        lr, ur = interval(r[key])
        wa, wr = math.log(ua / la), math.log(ur / lr)
        overlap = la <= ur and lr <= ua
        both += 1
        overlaps += overlap
        totals[0] += sa
        totals[1] += sr
        print(f"| {a[key]['model']} {' '.join(key)} | {a_trials.get(trial_key, 0)}, {sa:,}, {float(a[key]['n_star_50']):.0f} "
              f"[{la:.0f}, {ua:.0f}], {a[key]['stop_reason']} | {r_trials.get(trial_key, 0)}, {sr:,}, "
              f"{float(r[key]['n_star_50']):.0f} [{lr:.0f}, {ur:.0f}] | {sr / sa:.2f} | {wa / wr:.2f} | "
              f"{'yes' if overlap else 'no'} |")
    if both:
        print(f"\n{both} cells both measured; member-steps {totals[0]:,} adaptive, {totals[1]:,} success-rate "
              f"(ratio {totals[1] / totals[0]:.2f}); intervals overlap in {overlaps} of {both}.")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
