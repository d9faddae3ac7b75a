#!/usr/bin/python3
"""Markdown table of `statetrack bench-steps --profile` JSON lines (stdin): the top operations.

Usage: bin/statetrack bench-steps --model lstm --length 4 --ensemble 15 --profile | bench/profile_table.py [N]
Standard library only.
"""
import json
import sys


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
    robust_total = sum(r["median_based_us_per_step"] for r in rows)
    first = rows[0]
    print(f"{first['model']} width {first['width']}, length {first['length']}, E = {first['ensemble']}: "
          f"{sum(r['us_per_step'] for r in rows):.0f} µs per step summed, {robust_total:.0f} by medians\n")
    print("| op | calls/step | µs/step (sum) | µs/step (median × calls) | share of median-based |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows[:top]:
        print(f"| {r['op']} | {r['calls_per_step']:g} | {r['us_per_step']:.0f} | {r['median_based_us_per_step']:.0f} "
              f"| {r['median_based_us_per_step'] / robust_total:.0%} |")


if __name__ == "__main__":
    main()
