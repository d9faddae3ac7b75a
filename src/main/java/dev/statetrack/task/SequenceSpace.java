package dev.statetrack.task;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many sequences exist and how many the validation set takes, per length. {@link #sequencesOfLength}
 * is exact (BigInteger: Z_100 at length 60 has 100^60 sequences); the sizes below saturate at
 * Long.MAX_VALUE instead, which changes no result (nothing can take more sequences than that) and
 * keeps them linear in L: exact powers for every length up to L = 10000 took tens of seconds.
 */
public final class SequenceSpace {

    /** Validation takes at most this many sequences in all, and at most one fifth of all sequences, and of the sequences of any one length. */
    public static final int VALIDATION_MAX = 2000;

    private SequenceSpace() {
    }

    public static BigInteger sequencesOfLength(int groupOrder, int n) {
        return BigInteger.valueOf(groupOrder).pow(n);
    }

    /** k^n, or Long.MAX_VALUE where it is larger. */
    static long countOfLength(int groupOrder, int n) {
        long count = 1;
        for (int i = 0; i < n && groupOrder > 1; i++) {
            if (count > Long.MAX_VALUE / groupOrder) {
                return Long.MAX_VALUE;
            }
            count *= groupOrder;
        }
        return count;
    }

    /** The lengths training sequences take under a distribution. */
    public static int[] trainingLengths(LengthDistribution distribution, int maxLength) {
        return distribution == LengthDistribution.FIXED ? new int[] {maxLength} : range(2, maxLength);
    }

    /** The lengths the validation set is drawn from: L for fixed, {2..L} uniformly otherwise. */
    public static int[] validationLengths(LengthDistribution distribution, int maxLength) {
        return trainingLengths(distribution, maxLength);
    }

    /**
     * How many validation sequences each validation length may give: ⌊20%⌋ of its k^n sequences.
     * Where that rounds to 0 for every length (Z2 at n = 2 has 4 sequences) a held-out set would be
     * empty and no run could be judged; then the longest validation length gives one sequence, the
     * only place this rule bends the 20% limit.
     */
    public static Map<Integer, Long> validationCaps(int groupOrder, LengthDistribution distribution, int maxLength) {
        Map<Integer, Long> caps = new TreeMap<>();
        long total = 0;
        int longest = 0;
        for (int n : validationLengths(distribution, maxLength)) {
            long count = countOfLength(groupOrder, n);
            long cap = count == Long.MAX_VALUE ? count : count / 5;
            caps.put(n, cap);
            total = addSaturating(total, cap);
            longest = n;
        }
        if (total == 0 && countOfLength(groupOrder, longest) > 1) {
            caps.put(longest, 1L);
        }
        return caps;
    }

    /** min(2000, 20% of all sequences of the validation lengths, the per-length caps added up), at least 1 where possible. */
    public static int validationSize(int groupOrder, LengthDistribution distribution, int maxLength) {
        long all = 0;
        for (int n : validationLengths(distribution, maxLength)) {
            all = addSaturating(all, countOfLength(groupOrder, n));
        }
        long caps = 0;
        for (long cap : validationCaps(groupOrder, distribution, maxLength).values()) {
            caps = addSaturating(caps, cap);
        }
        long fifth = all == Long.MAX_VALUE ? all : Math.max(1, all / 5);
        return (int) Math.min(Math.min(fifth, caps), VALIDATION_MAX);
    }

    /** Sequences left for training once validation is drawn, saturating at Long.MAX_VALUE. */
    public static long availableForTraining(int groupOrder, LengthDistribution distribution, int maxLength) {
        long all = 0;
        for (int n : trainingLengths(distribution, maxLength)) {
            all = addSaturating(all, countOfLength(groupOrder, n));
        }
        return all == Long.MAX_VALUE ? all : all - validationSize(groupOrder, distribution, maxLength);
    }

    private static long addSaturating(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from + 1)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
