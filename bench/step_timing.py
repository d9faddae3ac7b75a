"""The timing loop both PyTorch peers share: warm-up steps, then repeats of timed steps."""
import time


def time_steps(step, warmup, repeats, steps):
    """Runs step(i) `warmup` times untimed, then `repeats` × `steps` times; returns the ms per step of
    each repeat and the last step's result (for a sanity check of the loss)."""
    for i in range(warmup):
        step(i)
    per_repeat = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(steps):
            result = step(i)
        per_repeat.append((time.perf_counter() - start) * 1000.0 / steps)
    return per_repeat, result
