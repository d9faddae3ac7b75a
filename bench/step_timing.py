"""The timing loop both PyTorch peers share: warm-up steps, then repeats of timed steps."""
import time


def time_steps(step, warmup, repeats, steps):
    """Runs step(i) `warmup` times untimed, then `repeats` × `steps` times; returns the wall ms per step
    of each repeat, the last step's result (for a sanity check of the loss) and the calling thread's
    CPU ms per step of each repeat (with one thread all of a step runs there)."""
    for i in range(warmup):
        step(i)
    per_repeat, cpu_per_repeat = [], []
    result = None
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.thread_time()
        for i in range(steps):
            result = step(i)
        cpu_per_repeat.append((time.thread_time() - cpu_start) * 1000.0 / steps)
        per_repeat.append((time.perf_counter() - start) * 1000.0 / steps)
    return per_repeat, result, cpu_per_repeat
