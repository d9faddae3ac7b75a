package dev.statetrack.testing;

import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * A trial that succeeds exactly when N reaches a threshold of the spec, optionally slowly. Probed
 * trials are perfect up to L and decay linearly to chance beyond it.
 */
public final class ThresholdExecutor implements TrialExecutor {

    private final ToLongFunction<TrialSpec> threshold;
    private final long delayMillis;
    public final Map<TrialSpec, AtomicInteger> executions = new ConcurrentHashMap<>();

    public ThresholdExecutor(ToLongFunction<TrialSpec> threshold, long delayMillis) {
        this.threshold = threshold;
        this.delayMillis = delayMillis;
    }

    /** Members one after another; with stopAtFirstSuccess, those after a success come back cancelled. */
    @Override
    public List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled) {
        List<TrialResult> results = new ArrayList<>();
        boolean settled = false;
        for (TrialSpec spec : ensemble.members()) {
            TrialResult result = settled ? TrialResult.cancelled(0, 0, 0) : execute(spec, cancelled);
            settled |= ensemble.stopAtFirstSuccess() && result.success();
            results.add(result);
        }
        return results;
    }

    @Override
    public TrialResult execute(TrialSpec spec, BooleanSupplier cancelled) {
        executions.computeIfAbsent(spec, s -> new AtomicInteger()).incrementAndGet();
        long deadline = System.currentTimeMillis() + delayMillis;
        while (System.currentTimeMillis() < deadline) {
            if (cancelled.getAsBoolean()) {
                return TrialResult.cancelled(0, 0, 0);
            }
            try {
                Thread.sleep(Math.min(5, delayMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TrialResult.cancelled(0, 0, 0);
            }
        }
        boolean success = spec.trainSize() >= threshold.applyAsLong(spec);
        double loss = success ? spec.epsilon() / 2 : 0.5 + spec.learningRate();
        Map<Integer, Double> byLength = new TreeMap<>();
        for (int n = 2; n <= spec.probeMaxLength(); n++) {
            byLength.put(n, n <= spec.maxLength() ? 1.0 : Math.max(0.2, 1.0 - 0.1 * (n - spec.maxLength())));
        }
        return new TrialResult(success, spec.steps(), loss, success ? 1.0 : 0.3, delayMillis, 1234, null, byLength);
    }

    public int totalExecutions() {
        return executions.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
