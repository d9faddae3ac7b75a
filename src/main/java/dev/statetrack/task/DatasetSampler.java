package dev.statetrack.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the validation set, then the training set, as STUDY.md specifies.
 *
 * <p>Every random choice comes from a stream derived from the seed alone: one per length for the
 * sequences themselves, one for the validation lengths, one for the training lengths. Validation is
 * drawn first, so it is the same for every N; and training sets are nested (the set for N is a
 * prefix of the set for any larger N), so a search compares like with like.
 */
public final class DatasetSampler {

    /** The longest sequences a dataset may hold (probes go to twice this). */
    public static final int MAX_LENGTH = 10_000;
    /**
     * Random draws a request may need: rejection sampling in a large space (see {@link LengthPool})
     * slows down as the space fills up, taking all s sequences of a length costs about s·ln s draws,
     * and a request beyond this would spend minutes before its first line of output. About a minute.
     */
    static final double MAX_DRAWS = 1 << 25;

    private static final long VALIDATION_STREAM = -1;
    private static final long TRAINING_STREAM = -2;

    private DatasetSampler() {
    }

    /**
     * @throws IllegalArgumentException when L &lt; 2, N &lt; 1, N exceeds what is available after
     *                                  validation, or the space is too small to hold out a validation set
     */
    public static Dataset sample(Group group, LengthDistribution distribution, int maxLength, long trainSize,
                                 long seed) {
        int k = group.order();
        checkMaxLength(maxLength);
        checkLongest(maxLength);
        int validationSize = SequenceSpace.validationSize(k, distribution, maxLength);
        if (validationSize == 0) {
            throw new IllegalArgumentException("the sequence space of " + group.name() + " at L=" + maxLength
                    + " (" + distribution.id() + ") has a single sequence: nothing can be held out for validation");
        }
        long available = SequenceSpace.availableForTraining(k, distribution, maxLength);
        if (trainSize < 1 || trainSize > available) {
            throw new IllegalArgumentException("train size " + trainSize + " is not allowed for " + group.name()
                    + ", " + distribution.id() + ", L=" + maxLength + ": allowed 1.." + available
                    + " (the sequences left after the validation set)");
        }
        if (trainSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("train size " + trainSize + " does not fit in memory");
        }
        checkDraws(group, distribution, maxLength, trainSize + validationSize);
        Pools pools = new Pools(group, seed);
        List<Sample> validation = drawValidation(pools, distribution, maxLength, validationSize, seed);
        List<Sample> train = switch (distribution) {
            case FIXED -> drawFixed(pools, maxLength, (int) trainSize);
            case UNIFORM -> drawUniform(pools, maxLength, (int) trainSize, seed);
            case SHORT_TO_LONG -> drawShortToLong(pools, maxLength, (int) trainSize);
        };
        return new Dataset(List.copyOf(train), List.copyOf(validation));
    }

    /** Sequences left for training after validation (saturates at Long.MAX_VALUE). */
    public static long availableForTraining(int groupOrder, LengthDistribution distribution, int maxLength) {
        checkMaxLength(maxLength);
        checkLongest(maxLength);
        return SequenceSpace.availableForTraining(groupOrder, distribution, maxLength);
    }

    /**
     * Distinct random sequences of exactly length n (all of them if fewer than count exist), for
     * probes such as length generalisation. Drawn from a stream of their own: at lengths a training
     * set also covers they may coincide with training sequences.
     */
    public static List<Sample> probe(Group group, int n, int count, long seed) {
        checkMaxLength(n);
        LengthPool pool = new LengthPool(group.order(), n, new SplittableRandom(mix(seed ^ 0x5DEECE66DL, n)));
        int m = (int) Math.min(count, pool.remaining());
        List<Sample> samples = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            samples.add(Sample.of(group, pool.next()));
        }
        return samples;
    }

    private static List<Sample> drawValidation(Pools pools, LengthDistribution distribution, int maxLength,
                                               int size, long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed, VALIDATION_STREAM));
        Map<Integer, Long> caps = SequenceSpace.validationCaps(pools.groupOrder(), distribution, maxLength);
        List<Integer> open = new ArrayList<>();
        caps.forEach((n, cap) -> {
            if (cap > 0) {
                open.add(n);
            }
        });
        List<Sample> validation = new ArrayList<>(size);
        while (validation.size() < size && !open.isEmpty()) {
            int slot = random.nextInt(open.size());
            int n = open.get(slot);
            validation.add(pools.sample(n));
            if (pools.of(n).taken() >= caps.get(n)) {
                open.remove(slot);
            }
        }
        return validation;
    }

    private static List<Sample> drawFixed(Pools pools, int length, int count) {
        List<Sample> train = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            train.add(pools.sample(length));
        }
        return train;
    }

    private static List<Sample> drawUniform(Pools pools, int maxLength, int count, long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed, TRAINING_STREAM));
        List<Integer> open = new ArrayList<>();
        for (int n = 2; n <= maxLength; n++) {
            open.add(n);
        }
        open.removeIf(n -> pools.of(n).remaining() == 0);
        List<Sample> train = new ArrayList<>(count);
        while (train.size() < count) {
            int slot = random.nextInt(open.size());
            int n = open.get(slot);
            train.add(pools.sample(n));
            if (pools.of(n).remaining() == 0) {
                open.remove(slot);
            }
        }
        return train;
    }

    private static List<Sample> drawShortToLong(Pools pools, int maxLength, int count) {
        List<Sample> train = new ArrayList<>(count);
        for (int n = 2; n <= maxLength && train.size() < count; n++) {
            LengthPool pool = pools.of(n);
            while (train.size() < count && pool.remaining() > 0) {
                train.add(pools.sample(n));
            }
        }
        return train;
    }

    private static void checkMaxLength(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maximum length L=" + maxLength + " is not allowed: L must be at least 2");
        }
    }

    private static void checkLongest(int maxLength) {
        if (maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("maximum length L=" + maxLength + " is not allowed: L must be at most "
                    + MAX_LENGTH);
        }
    }

    /**
     * Refuses, before drawing anything, a request whose rejection sampling would take too long. The
     * sequences each length gives are estimated as the draw hands them out: fixed takes all from L,
     * short-to-long exhausts lengths in order, uniform shares equally among the lengths not yet
     * exhausted. Taking t of s costs about s·ln(s/(s−t)) draws.
     */
    private static void checkDraws(Group group, LengthDistribution distribution, int maxLength, long total) {
        int[] lengths = SequenceSpace.trainingLengths(distribution, maxLength);
        long[] taken = new long[lengths.length];
        long left = total;
        for (int i = 0; i < lengths.length && left > 0; i++) {
            long size = SequenceSpace.countOfLength(group.order(), lengths[i]);
            long share = distribution == LengthDistribution.UNIFORM ? left / (lengths.length - i) : left;
            taken[i] = Math.min(size, Math.max(share, 1));
            left -= taken[i];
        }
        for (int i = 0; i < lengths.length; i++) {
            double size = SequenceSpace.countOfLength(group.order(), lengths[i]);
            if (size <= LengthPool.ENUMERATION_LIMIT || size >= Long.MAX_VALUE || taken[i] == 0) {
                continue;
            }
            double draws = size * Math.log(size / (size - taken[i] + 1));
            if (draws > MAX_DRAWS) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%d sequences of %s, %s, "
                        + "L=%d cannot be drawn quickly: taking %d of the %.0f distinct sequences of length %d needs "
                        + "about %.2g random draws (limit %.2g); ask for fewer", total, group.name(),
                        distribution.id(), maxLength, taken[i], size, lengths[i], draws, MAX_DRAWS));
            }
        }
    }

    private static long mix(long seed, long stream) {
        return seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL;
    }

    /** One pool per length, each with its own random stream, shared by validation and training. */
    private static final class Pools {
        private final Group group;
        private final long seed;
        private final Map<Integer, LengthPool> byLength = new HashMap<>();

        Pools(Group group, long seed) {
            this.group = group;
            this.seed = seed;
        }

        int groupOrder() {
            return group.order();
        }

        LengthPool of(int n) {
            return byLength.computeIfAbsent(n, len -> new LengthPool(group.order(), len,
                    new SplittableRandom(mix(seed, len))));
        }

        Sample sample(int n) {
            return Sample.of(group, of(n).next());
        }
    }
}
