package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Entry point of the child JVMs that the GC-pressure and memory tests start. */
public final class ChildTrials {

    private ChildTrials() {
    }

    /**
     * {@code trajectories}: one line per tiny model, its loss trajectory.
     * {@code memory N WARMUP}: N tiny ensembles of three trials; prints VmRSS (kB) after WARMUP trials and after all of them.
     */
    public static void main(String[] args) throws IOException {
        IntraOpThreads.use(1);
        switch (args[0]) {
            case "trajectories" -> {
                startNativeChurn();
                for (ModelSpec spec : TestTrials.TINY_MODELS) {
                    System.out.println(TestTrials.lossTrajectory(spec, 10, 25));
                }
            }
            case "memory" -> {
                int trials = Integer.parseInt(args[1]);
                int warmup = Integer.parseInt(args[2]);
                Format[] formats = Format.values();
                for (int i = 0; i < trials; i++) {
                    Format format = formats[i % formats.length];
                    TrainingData base = CyclicTasks.sample(3, 2, 5, 60, 20, format, i);
                    TrainingData data = new TrainingData(format, base.vocabulary(), base.train(), base.validation(),
                            Map.of(5, base.validation()));
                    List<TestTrials.Configuration> ensemble = List.of(new TestTrials.Configuration(data, 1e-3, i),
                            new TestTrials.Configuration(data, 3e-3, i), new TestTrials.Configuration(data, 1e-3, i + 1));
                    TestTrials.runEnsemble(TestTrials.TINY_MODELS.get(i % TestTrials.TINY_MODELS.size()), ensemble,
                            false, new TrainingSettings(20, 64, 1e-9, 10), () -> false, TrainingProgress.NONE);
                    if (i + 1 == warmup || i + 1 == trials) {
                        System.out.println(residentKilobytes());
                    }
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * Keeps collecting garbage and reallocating small direct buffers filled with 0xFF bytes (NaN
     * as floats), so that native memory freed behind autograd's back is soon overwritten and the
     * backward pass reads garbage instead of the value it saved.
     */
    private static void startNativeChurn() {
        Thread churn = new Thread(() -> {
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0xFF);
            for (long i = 0; ; i++) {
                ByteBuffer.allocateDirect(4 + (int) (i % 60)).put(garbage, 0, 4 + (int) (i % 60));
                if (i % 2000 == 0) {
                    System.gc();
                }
            }
        }, "native-churn");
        churn.setDaemon(true);
        churn.start();
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

}
