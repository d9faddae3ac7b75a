package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;

import java.util.Locale;

/**
 * How much more data a longer maximum length needs: N*(longer) / N*(shorter), with the range the two
 * searches' brackets allow. Each threshold lies in (lowerBound − 1, upperBound] of its search (the
 * bracket, assuming success is monotone in N), so the ratio lies in
 * [lower_longer / upper_shorter, upper_longer / lower_shorter]. A longer length not learnable within
 * budget gives only a lower bound (more than (N_max + 1) / upper_shorter); a shorter one not learnable, with
 * the longer learnt, only an upper bound (less than upper_longer / (N_max + 1)); neither learnable leaves the
 * ratio undefined.
 */
public record NStarGrowth(Kind kind, double ratio, double lower, double upper) {

    public enum Kind {
        /** Both N* measured: the point ratio and its bracket range. */
        MEASURED,
        /** The longer length is not learnable within budget: the ratio exceeds {@code lower}. */
        LOWER_BOUND,
        /** The shorter length is not learnable within budget, the longer is: the ratio is below {@code upper}. */
        UPPER_BOUND,
        /** Neither length is learnable within budget: both only bounded below. */
        UNDEFINED
    }

    public static NStarGrowth of(SearchResult shorter, SearchResult longer) {
        if (!shorter.learnable() && !longer.learnable()) {
            return new NStarGrowth(Kind.UNDEFINED, Double.NaN, Double.NaN, Double.NaN);
        }
        if (!shorter.learnable()) {
            return new NStarGrowth(Kind.UPPER_BOUND, Double.NaN, 0, longer.upperBound() / shorter.lowerBound());
        }
        if (!longer.learnable()) {
            return new NStarGrowth(Kind.LOWER_BOUND, Double.NaN, longer.lowerBound() / shorter.upperBound(),
                    Double.POSITIVE_INFINITY);
        }
        return new NStarGrowth(Kind.MEASURED, (double) longer.nStar() / shorter.nStar(),
                longer.lowerBound() / shorter.upperBound(), longer.upperBound() / shorter.lowerBound());
    }

    /** "×3.1 (between ×2.3 and ×4.1)", "more than ×5.2", "less than ×0.63", or "undefined". */
    public String describe() {
        return switch (kind) {
            case MEASURED -> String.format(Locale.ROOT, "×%s (between ×%s and ×%s)", figure(ratio), figure(lower),
                    figure(upper));
            case LOWER_BOUND -> "more than ×" + figure(lower);
            case UPPER_BOUND -> "less than ×" + figure(upper) + " (the shorter length is not learnable within budget)";
            case UNDEFINED -> "undefined (neither length is learnable within budget)";
        };
    }

    private static String figure(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.3g", value);
    }
}
