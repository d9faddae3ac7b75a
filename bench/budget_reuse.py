#!/usr/bin/env python3
"""What carrying a pruning over to another step budget saves, and whether it is the same run.

usage: bench/budget_reuse.py DIR

DIR is a study folder whose runs.sqlite has trials of one configuration at two step budgets (a study
with `budget-check: true`). A trial pruned at step s is the same run, pruned at s, with any budget that
runs past s (the rule reads only the curve so far), so the store reuses it instead of training it again
(README, "A success, or a pruning, is reused across step budgets").

Two readings, from trained trials only (derived_from IS NULL):
- in a store written before the reuse, the larger-budget trials whose smaller-budget twin was pruned:
  how many stopped at the twin's step with the same best validation loss, accuracy and reason, bit for
  bit, and the training time they took (what the reuse saves);
- in a store written with it, how many trials were derived and how many of those were prunings.
"""
import sqlite3
import sys

PRUNED = "failure_reason LIKE 'pruned at step %'"  # PruneRule.isPruned

SAME_CONFIGURATION = " AND ".join(f"a.{c} = b.{c}" for c in (
    "group_name", "format", "distribution", "max_length", "train_size", "model_kind", "model_layers",
    "model_width", "model_heads", "model_embedding", "model_normalize_state", "learning_rate", "seed",
    "batch_size", "epsilon", "eval_every", "probe_max_length")) + " AND a.prune IS b.prune AND a.model_options IS b.model_options"


def main(folder):
    db = sqlite3.connect(f"file:{folder}/runs.sqlite?mode=ro", uri=True)
    rows = db.execute(f"""
        SELECT b.model_kind, b.steps_run = a.steps_run AND b.best_validation_loss IS a.best_validation_loss
                 AND b.validation_accuracy IS a.validation_accuracy AND b.failure_reason IS a.failure_reason,
               b.wall_millis
        FROM trials b JOIN trials a ON {SAME_CONFIGURATION} AND a.steps < b.steps
        WHERE a.derived_from IS NULL AND b.derived_from IS NULL AND a.success = 0
          AND a.{PRUNED}""").fetchall()
    total_ms = db.execute("SELECT coalesce(sum(wall_millis), 0) FROM trials").fetchone()[0]
    if rows:
        same = sum(1 for _, identical, _ in rows if identical)
        saved = sum(ms for _, _, ms in rows)
        print(f"{len(rows)} trials trained with a larger budget had a smaller-budget twin that was pruned; "
              f"{same} of them stopped at the twin's step with the same best loss, accuracy and reason, bit for bit")
        print(f"their training time: {saved / 1000:.0f} s of the store's {total_ms / 1000:.0f} s "
              f"({100.0 * saved / max(total_ms, 1):.1f}%), which the reuse does not spend")
        for model in sorted({m for m, _, _ in rows}):
            mine = [r for r in rows if r[0] == model]
            print(f"  {model}: {len(mine)} trials, {sum(r[2] for r in mine) / 1000:.0f} s")
    derived = db.execute(f"""SELECT count(*), coalesce(sum({PRUNED}), 0)
                             FROM trials WHERE derived_from IS NOT NULL""").fetchone()
    print(f"{derived[0]} trials derived from a run with another budget ({derived[1]} prunings, "
          f"{derived[0] - derived[1]} successes); training time of the store: {total_ms / 1000:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
