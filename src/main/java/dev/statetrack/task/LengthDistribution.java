package dev.statetrack.task;

import java.util.Locale;

/** How the lengths of training sequences are distributed over {2..L}. */
public enum LengthDistribution {
    /** Every sequence has length L. */
    FIXED,
    /** Each sample's length uniform over {2..L}; exhausted lengths drop out of the draw. */
    UNIFORM,
    /** All sequences of length 2, then 3, ... until N are taken. */
    SHORT_TO_LONG;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LengthDistribution parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LengthDistribution d : values()) {
            if (d.id().equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown distribution '" + text + "'; allowed: fixed, uniform, short-to-long");
    }
}
