import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall time of one ensemble whose members finish at different steps, on whatever statetrack classes
 * are on the class path (so the same source times two checkouts). Quick-preset sizes and cell (Z5,
 * acot, uniform, L = 4, N = 620, batch 64, one thread): member 0 has learning rate 1e-7 and trains
 * to the budget; the others (rates 1e-3 and 3e-3, their own seeds) stop when their validation loss
 * falls below ε = 0.1, which they reach at different steps. Before issue 20 item 4 the stopped
 * members were frozen but still computed; after it they are dropped from the batched step.
 *
 * <p>Run: {@code java -cp CLASSES:DEPS bench/FinishedMembersBench.java MODEL E STEPS}; prints one JSON line.
 */
public class FinishedMembersBench {

    public static void main(String[] args) {
        String model = args[0];
        int members = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        ModelSpec spec = switch (model) {
            case "transformer" -> ModelSpec.transformer(1, 32, 2);
            case "lstm" -> ModelSpec.lstm(1, 48, 48);
            case "dense-ssm" -> ModelSpec.denseSsm(16, false);
            default -> throw new IllegalArgumentException(model);
        };
        LocalTrialExecutor executor = new LocalTrialExecutor(1);
        executor.execute(ensemble(spec, members, 50), () -> false); // warm-up: engine, allocator
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        List<TrialResult> results = executor.execute(ensemble(spec, members, steps), () -> false);
        double seconds = (System.nanoTime() - start) / 1e9;
        // one intra-op thread: the engine computes on this thread, so its CPU time is the trial's, and
        // steadier than wall time on a shared machine
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long memberSteps = results.stream().mapToLong(TrialResult::steps).sum();
        List<Integer> ends = results.stream().map(TrialResult::steps).toList();
        long successes = results.stream().filter(TrialResult::success).count();
        System.out.printf("{\"model\":\"%s\",\"members\":%d,\"steps\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
                + "\"member_steps\":%d,\"successes\":%d,\"ends\":%s}%n", model, members, steps, seconds, cpuSeconds,
                memberSteps, successes, ends);
    }

    private static Ensemble ensemble(ModelSpec spec, int members, int steps) {
        List<TrialSpec> specs = new ArrayList<>();
        for (int e = 0; e < members; e++) {
            double rate = e == 0 ? 1e-7 : (e % 2 == 0 ? 1e-3 : 3e-3);
            specs.add(new TrialSpec("Z5", Format.ACOT, LengthDistribution.UNIFORM, 4, 620, spec, rate, 10L * (e + 1),
                    steps, 64, 0.1, 100, 0));
        }
        return new Ensemble(specs, false);
    }
}
