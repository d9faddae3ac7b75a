package dev.statetrack.cli;

import dev.statetrack.model.MemoryEstimate;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Vocabulary;
import dev.statetrack.train.TrialSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory a command may use, and the check that refuses a trial that would not fit before anything
 * is allocated. Native memory (PyTorch's tensors) is bounded by {@code --max-memory} or else by the
 * memory the kernel reports as available (MemAvailable in /proc/meminfo); Java-side data by the JVM's
 * maximum heap.
 *
 * @param nativeLimit bytes, Long.MAX_VALUE when unknown
 * @param nativeSource where the native limit comes from, for the message
 */
record MemoryLimits(long nativeLimit, String nativeSource, long heapLimit) {

    static final String OPTION_HELP = "Memory the trials may use, e.g. 8G or 512M (default: MemAvailable from /proc/meminfo).";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)i?B?", Pattern.CASE_INSENSITIVE);
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    /** @param maxMemory the --max-memory value, or null */
    static MemoryLimits of(String maxMemory) {
        long heap = Runtime.getRuntime().maxMemory();
        if (maxMemory != null) {
            return new MemoryLimits(parseSize(maxMemory), "--max-memory", heap);
        }
        long available = memAvailable();
        return available > 0 ? new MemoryLimits(available, "available (MemAvailable; --max-memory to set)", heap)
                : new MemoryLimits(Long.MAX_VALUE, "unknown", heap);
    }

    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--max-memory '" + text + "' is not a size; give e.g. 8G, 512M or 2.5G");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes < 1 << 20) {
            throw new IllegalArgumentException("--max-memory '" + text + "' is too small; give at least 1M");
        }
        return (long) bytes;
    }

    private static long memAvailable() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1; // not Linux, or not readable: no native limit rather than a guess
        }
        return -1;
    }

    /**
     * The estimate for one ensemble of trials with the same shapes (one trial alone is an ensemble of
     * one) at its training-set size: every member's native memory, and one packed dataset per distinct
     * seed, since members that differ only in learning rate share theirs.
     */
    static MemoryEstimate estimate(List<TrialSpec> ensemble, int groupOrder) {
        TrialSpec trial = ensemble.get(0);
        int longest = Math.max(trial.maxLength(), trial.probeMaxLength());
        int datasets = (int) ensemble.stream().mapToLong(TrialSpec::seed).distinct().count();
        return MemoryEstimate.of(trial.model(), new Vocabulary(groupOrder).size(),
                trial.format().inputLength(longest), trial.batchSize(), ensemble.size(),
                DatasetSampler.heapBytes(groupOrder, trial.distribution(), trial.maxLength(), trial.trainSize()),
                datasets);
    }

    /**
     * @param concurrent how many such trials run at once (workers)
     * @throws IllegalArgumentException naming the trial, its estimate and the limit it exceeds
     */
    void check(String trial, MemoryEstimate estimate, int concurrent) {
        String refusal = refusal(trial, estimate, concurrent);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
    }

    /** Why this trial does not fit here, naming what it needs and the limit it exceeds; null when it fits. */
    String refusal(String trial, MemoryEstimate estimate, int concurrent) {
        double nativeNeed = (double) estimate.nativeBytes() * concurrent;
        if (nativeNeed > nativeLimit) {
            return trial + " needs about " + MemoryEstimate.bytes((long) nativeNeed)
                    + " of native memory" + times(concurrent) + ", more than the "
                    + MemoryEstimate.bytes(nativeLimit) + " " + nativeSource + "; " + estimate.describe();
        }
        return heapRefusal(trial, (long) ((double) estimate.heap() * concurrent), times(concurrent));
    }

    /** @param note what the bytes are made of, appended to the figure */
    void checkHeap(String what, long bytes, String note) {
        String refusal = heapRefusal(what, bytes, note);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
    }

    private String heapRefusal(String what, long bytes, String note) {
        if (bytes <= heapLimit) {
            return null;
        }
        return what + " needs about " + MemoryEstimate.bytes(bytes) + " of Java heap for its samples" + note
                + ", more than the JVM's maximum heap " + MemoryEstimate.bytes(heapLimit)
                + " (raise it with STATETRACK_JAVA_OPTS=-Xmx...)";
    }

    private static String times(int concurrent) {
        return concurrent == 1 ? "" : " (" + concurrent + " at once)";
    }
}
