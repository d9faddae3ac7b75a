#!/usr/bin/env python3
"""What any search design must spend for an interval of N*50 as narrow as success-rate mode's (issue 18).

usage: bench/location_bound.py SUCCESS_RATE_DIR

A trained configuration at size N is a Bernoulli trial with p(N) = 1 / (1 + exp(-b (ln N - mu))); mu is
ln N*50. Whatever sizes a design chooses, one trial tells at most b^2 p (1 - p) <= b^2 / 4 about mu (its
Fisher information), so n trials give Var(mu) >= 4 / (n b^2) even when the slope b is known, and a 95%
interval of width w in ln N needs n >= 4 (2 * 1.96 / w)^2 / b^2 trials (the Cramer-Rao bound; a
posterior under a flat prior obeys it asymptotically). Each trial costs at least the cheapest trial the
cell ever ran. Per cell: b from success-rate mode's own fit (Firth-penalised logistic regression on
ln N over the cell's trials, as statetrack's LogisticFit), w from its N*50 interval; the cell's bound is
n_min times that cheapest cost. Cells where success-rate mode gives no finite interval (not learnable,
or open above) are charged one cheapest trial, which any design that reports anything spends: a bound
below what it really costs, so the ratio printed is an upper bound on what any design could reach. A
cell not learnable within budget costs every search the same (the grid's m trials at N_max, the paper's
verdict), so the script also prints what a 3x target asks of the learnable cells alone.

Reads nstar.csv and trials.csv of a success-rate folder (as bench/adaptive_vs_success_rate.py does;
cells are matched by model kind, so each model of the study must be named after its kind).
"""
import csv
import math
import sys

Z = 1.959963984540054


def firth_slope(points):
    """Firth-penalised ML of (a, b) in p = 1/(1+exp(-(a + b x))) for points [(x, k, n)]; returns b."""
    centre = sum(n * x for x, _, n in points) / sum(n for _, _, n in points)
    xs = [(x - centre, k, n) for x, k, n in points]
    a = b = 0.0
    for _ in range(200):
        # Fisher information I = X' W X with W = n p (1 - p)
        i00 = i01 = i11 = 0.0
        ps = []
        for x, _, n in xs:
            p = 1 / (1 + math.exp(-(a + b * x)))
            w = n * p * (1 - p)
            ps.append((p, w))
            i00 += w
            i01 += w * x
            i11 += w * x * x
        det = i00 * i11 - i01 * i01
        if det <= 0:
            return None
        inv = (i11 / det, -i01 / det, i00 / det)
        u0 = u1 = 0.0
        for (x, k, n), (p, w) in zip(xs, ps):
            h = w * (inv[0] + 2 * inv[1] * x + inv[2] * x * x)  # hat value of the point
            r = k - n * p + h * (0.5 - p)
            u0 += r
            u1 += r * x
        da = inv[0] * u0 + inv[1] * u1
        db = inv[1] * u0 + inv[2] * u1
        step = max(abs(da), abs(db))
        if step > 5:  # damped, as Newton on a near-separated logistic can overshoot
            da, db = da * 5 / step, db * 5 / step
        a, b = a + da, b + db
        if step < 1e-10:
            return b
    return None


def main(folder):
    rows = {}
    with open(f"{folder}/nstar.csv", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["model"], row["group"], row["format"], row["distribution"], row["max_length"])
            rows[key] = row
    trials = {}
    with open(f"{folder}/trials.csv", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["model_kind"], row["group"], row["format"], row["distribution"], row["max_length"])
            trials.setdefault(key, []).append(row)
    print("| cell | trials, member-steps (success-rate) | N*50 [95%] | slope b in ln N | width w = ln(u/l) "
          "| n_min = 4 (2z/w)^2 / b^2 | cheapest trial | bound on member-steps |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    spent = bound = 0
    fixed_spent = fixed_bound = 0  # cells not learnable within budget: the same m trials at N_max in any search
    for key in sorted(rows):
        cell = trials.get(key, [])
        if not cell:
            continue
        steps = sum(int(t["steps_run"]) for t in cell)
        cheapest = min(int(t["steps_run"]) for t in cell)
        spent += steps
        row = rows[key]
        lower, upper = row["n_star_50_lower"], row["n_star_50_upper"]
        finite = lower not in ("", "0") and upper not in ("", "inf", "Infinity")
        by_size = {}
        for t in cell:
            k, n = by_size.get(int(t["train_size"]), (0, 0))
            by_size[int(t["train_size"])] = (k + (t["success"] == "true"), n + 1)
        b = firth_slope([(math.log(s), k, n) for s, (k, n) in sorted(by_size.items())]) if finite else None
        if finite and b is not None and b > 0:
            w = math.log(float(upper) / float(lower))
            n_min = 4 * (2 * Z / w) ** 2 / b ** 2
            cell_bound = max(1.0, n_min) * cheapest
            text = f"{b:.2f} | {w:.2f} | {n_min:.1f} | {cheapest:,} | {cell_bound:,.0f}"
            interval = f"{float(row['n_star_50']):.0f} [{float(lower):.0f}, {float(upper):.0f}]"
        else:
            cell_bound = cheapest
            text = f"— | — | 1 (no finite interval to match) | {cheapest:,} | {cell_bound:,}"
            interval = "none" if lower == "" else f"[{lower}, {upper}]"
        bound += cell_bound
        if row["status"].startswith("not-learnable"):
            fixed_spent += steps
            fixed_bound += cell_bound
        print(f"| {' '.join(key)} | {len(cell)}, {steps:,} | {interval} | {text} |")
    print(f"\nsuccess-rate mode spent {spent:,} member-steps; any design reaching its widths needs at least "
          f"{bound:,.0f}: at most {spent / bound:.2f}x fewer.")
    if fixed_spent == 0:
        return
    target = spent / 3
    print(f"Cells not learnable within budget cost every search their m trials at N_max: {fixed_spent:,} member-steps, "
          f"so even with the learnable cells free no search is more than {spent / fixed_spent:.2f}x cheaper.", end=" ")
    if target <= fixed_spent:
        print("So 3x overall is out of reach of any search.")
    else:
        print(f"3x overall leaves {target - fixed_spent:,.0f} for the learnable cells against success-rate mode's "
              f"{spent - fixed_spent:,} there ({(spent - fixed_spent) / (target - fixed_spent):.2f}x), where the "
              f"bound allows at best {(spent - fixed_spent) / (bound - fixed_bound):.2f}x.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
