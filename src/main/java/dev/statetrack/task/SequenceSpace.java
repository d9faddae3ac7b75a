package dev.statetrack.task;

import java.math.BigInteger;

/**
 * How many sequences exist and how many the validation set takes, per length. Counts are exact
 * (BigInteger): Z_100 at length 60 has 100^60 sequences.
 */
public final class SequenceSpace {

    /** Validation takes at most this many sequences in all... */
    public static final int VALIDATION_MAX = 2000;
    /** ...and at most this fraction (one fifth) of all sequences, and of the sequences of any one length. */
    private static final BigInteger FIFTHS = BigInteger.valueOf(5);

    private SequenceSpace() {
    }

    public static BigInteger sequencesOfLength(int groupOrder, int n) {
        return BigInteger.valueOf(groupOrder).pow(n);
    }

    /** The lengths training sequences take under a distribution. */
    public static int[] trainingLengths(LengthDistribution distribution, int maxLength) {
        return distribution == LengthDistribution.FIXED ? new int[] {maxLength} : range(2, maxLength);
    }

    /** The lengths the validation set is drawn from: L for fixed, {2..L} uniformly otherwise. */
    public static int[] validationLengths(LengthDistribution distribution, int maxLength) {
        return trainingLengths(distribution, maxLength);
    }

    /** At most 20% of the sequences of length n may be validation sequences. */
    public static long validationCapOfLength(int groupOrder, int n) {
        return saturate(sequencesOfLength(groupOrder, n).divide(FIFTHS));
    }

    /** min(2000, 20% of all sequences of the validation lengths, the per-length caps added up). */
    public static int validationSize(int groupOrder, LengthDistribution distribution, int maxLength) {
        BigInteger all = BigInteger.ZERO;
        BigInteger caps = BigInteger.ZERO;
        for (int n : validationLengths(distribution, maxLength)) {
            BigInteger count = sequencesOfLength(groupOrder, n);
            all = all.add(count);
            caps = caps.add(count.divide(FIFTHS));
        }
        return all.divide(FIFTHS).min(caps).min(BigInteger.valueOf(VALIDATION_MAX)).intValueExact();
    }

    /** Sequences left for training once validation is drawn, saturating at Long.MAX_VALUE. */
    public static long availableForTraining(int groupOrder, LengthDistribution distribution, int maxLength) {
        BigInteger all = BigInteger.ZERO;
        for (int n : trainingLengths(distribution, maxLength)) {
            all = all.add(sequencesOfLength(groupOrder, n));
        }
        return saturate(all.subtract(BigInteger.valueOf(validationSize(groupOrder, distribution, maxLength))));
    }

    static long saturate(BigInteger value) {
        return value.bitLength() < 63 ? value.longValue() : Long.MAX_VALUE;
    }

    static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from + 1)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
