#!/usr/bin/env python3
"""Which grid cells a full study would measure, read off a census run at N_max (issue 21).

usage: bench/census.py DIR [EPSILON ...]

DIR is the folder of a study run with `search: {max-sample-sizes: 1, success-rate: true}` (for example
studies/standard-census.yaml): every configuration of every cell trained at N_max only, each to its own
end, so a cell is finite in a full run exactly when one of its configurations succeeded here. Reads
DIR/runs.sqlite directly, so it works on a run still in progress: cells with no trial yet are left out,
and a cell whose configurations have not all run shows those that have.

Prints one table per maximum length L: rows model / format / distribution, columns groups; a cell reads
"yes" when some configuration succeeded, else the best validation loss any configuration reached; then
that length's finite counts per model. Each EPSILON larger than the study's adds a line: the cells that
would be finite at that threshold, since a trial whose validation loss went below it at some evaluation
would have stopped there as a success (trials that succeeded at the study's threshold stopped early and
count as successes at any larger one).
"""
import sqlite3
import sys
from collections import defaultdict


def main(folder, extra_epsilons):
    db = sqlite3.connect(f"file:{folder}/runs.sqlite?mode=ro", uri=True)
    cells = defaultdict(list)
    epsilons = set()
    for model, group, fmt, dist, length, success, loss, eps in db.execute(
            "select model_kind, group_name, format, distribution, max_length, success, best_validation_loss, "
            "epsilon from trials"):
        cells[(int(length), model, fmt, dist, group)].append((bool(success), loss))
        epsilons.add(eps)
    if len(epsilons) != 1:
        sys.exit(f"expected one epsilon in {folder}, found {sorted(epsilons)}")
    epsilon = epsilons.pop()
    # cyclic groups first, by order, as the presets list them
    groups = sorted({k[4] for k in cells},
                    key=lambda g: (not g.startswith("Z"), g[0], int("".join(c for c in g if c.isdigit()) or 0)))
    for length in sorted({k[0] for k in cells}):
        at_length = {k: v for k, v in cells.items() if k[0] == length}
        rows = sorted({k[1:4] for k in at_length})
        print(f"\nL = {length} (\"yes\": finite; else the best validation loss at N_max, epsilon = {epsilon:g})\n")
        print("| model | format | distribution | " + " | ".join(groups) + " |")
        print("| --- | --- | --- | " + " | ".join("---" for _ in groups) + " |")
        for row in rows:
            entries = []
            for g in groups:
                trials = at_length.get((length, *row, g))
                if not trials:
                    entries.append("")
                elif any(s for s, _ in trials):
                    entries.append("yes")
                else:
                    best = min((l for _, l in trials if l is not None), default=None)
                    entries.append("no" if best is None else f"no, {best:.3g}")
            print(f"| {' | '.join(row)} | " + " | ".join(entries) + " |")
        print()
        for eps in [epsilon] + sorted(e for e in extra_epsilons if e > epsilon):
            finite = defaultdict(int)
            total = defaultdict(int)
            for key, trials in at_length.items():
                total[key[1]] += 1
                if any(s or (l is not None and l < eps) for s, l in trials):
                    finite[key[1]] += 1
            all_finite, all_cells = sum(finite.values()), sum(total.values())
            per_model = ", ".join(f"{m} {finite[m]} of {total[m]}" for m in sorted(total))
            print(f"L = {length}, epsilon {eps:g}: {all_finite} of {all_cells} cells finite "
                  f"({100 * all_finite / all_cells:.0f}%): {per_model}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], [float(e) for e in sys.argv[2:]])
