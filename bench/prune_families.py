#!/usr/bin/env python3
"""Replays prune-rule families on stored unpruned curves (issue 20: choose the rule by measurement).

Usage: bench/prune_families.py DIR/runs.sqlite [...]. Mirrors train/PruneRule (a verdict at the last
evaluation stops nothing) and adds two families the Java rule does not have: a memorisation clause
(training loss below tau and no validation progress for P2 steps) and an Optuna-style median rule over
the siblings of the same cell, size and budget.
"""
import sqlite3, sys, statistics
from collections import defaultdict

def load(db):
    c = sqlite3.connect(db)
    columns = {r[1] for r in c.execute("pragma table_info(trials)")}
    unpruned = " and (prune is null or prune='')" if 'prune' in columns else ""
    trials = {}
    for h, succ, steps_run, steps, eps, key in c.execute(
            "select hash, success, steps_run, steps, epsilon, model_kind||'|'||format||'|'||distribution||'|'||group_name||'|'||max_length||'|'||train_size||'|'||steps "
            "from trials where (derived_from is null or derived_from='')" + unpruned):
        trials[h] = dict(success=succ, steps_run=steps_run, steps=steps, eps=eps, key=key, curve=[])
    for h, step, tl, vl in c.execute("select hash, step, training_loss, validation_loss from curves order by hash, step"):
        if h in trials:
            trials[h]['curve'].append((step, tl, vl))
    return {h: t for h, t in trials.items() if t['curve']}

def no_progress_since(curve, i, delta):
    best = None; at = 0
    for s, tl, vl in curve[:i + 1]:
        if vl == vl and (best is None or vl < best * (1 - delta)):
            best = vl; at = s
    return at

def patience_stop(t, P, delta, memo=None):
    """memo = (tau, P2): also stop when training loss < tau and no progress for P2 steps."""
    c = t['curve']
    for i, (s, tl, vl) in enumerate(c):
        if vl < t['eps']:
            return None
        if i == len(c) - 1:
            return None
        at = no_progress_since(c, i, delta)
        if s - at >= P:
            return s
        if memo and tl < memo[0] and s - at >= memo[1]:
            return s
    return None

def median_stops(trials, warmup):
    """Optuna-style median rule within each group of siblings (same cell, size and budget)."""
    groups = defaultdict(list)
    for h, t in trials.items():
        groups[t['key']].append(h)
    stops = {}
    for key, hs in groups.items():
        best = {h: {} for h in hs}
        for h in hs:
            b = float('inf')
            for s, tl, vl in trials[h]['curve']:
                b = min(b, vl); best[h][s] = b
        for h in hs:
            t = trials[h]; c = t['curve']
            for i, (s, tl, vl) in enumerate(c):
                if vl < t['eps'] or i == len(c) - 1:
                    break
                if s < warmup:
                    continue
                others = [best[o][s] for o in hs if o != h and s in best[o]]
                if len(others) >= 2 and best[h][s] > statistics.median(others):
                    stops[h] = s; break
    return stops

def report(name, trials, stops):
    fails = [h for h, t in trials.items() if not t['success']]
    total = sum(t['steps_run'] for t in trials.values())
    saved = sum(trials[h]['steps_run'] - s for h, s in stops.items())
    misses = [h for h in stops if trials[h]['success']]
    return f"{name}: stops {sum(1 for h in stops if not trials[h]['success'])} of {len(fails)} failures, saves {saved:,} of {total:,} steps ({100*saved/total:.1f}%, {total/(total-saved):.2f}x), misses {len(misses)}"

for db in sys.argv[1:]:
    trials = load(db)
    print(db, len(trials), 'trials')
    rules = [('patience=2000,min-delta=0.2', lambda t: patience_stop(t, 2000, 0.2))]
    for tau in (1e-2, 1e-3):
        for p2 in (300, 500, 1000):
            rules.append((f'2000/0.2 + memorised (train<{tau:g}, {p2} steps)', lambda t, tau=tau, p2=p2: patience_stop(t, 2000, 0.2, (tau, p2))))
    for P, d in ((1000, 0.2), (1500, 0.2)):
        for tau in (1e-2,):
            rules.append((f'{P}/{d} + memorised (train<{tau:g}, 500)', lambda t, P=P, d=d, tau=tau: patience_stop(t, P, d, (tau, 500))))
    for name, f in rules:
        stops = {h: s for h, t in trials.items() if (s := f(t)) is not None}
        print('  ' + report(name, trials, stops))
    for w in (500, 1000, 1500):
        print('  ' + report(f'median rule, warm-up {w}', trials, median_stops(trials, w)))
