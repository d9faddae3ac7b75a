package dev.statetrack.study;

import dev.statetrack.search.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * κ = (Σ_{n=2..L} N*_n) / N*_joint, honest about terms that are not learnable within budget. A term
 * that is not learnable has N* > N_max, so:
 * <ul>
 *   <li>some fixed terms not learnable, joint learnable: Σ > (learnt terms + their N_max), κ is a
 *       lower bound ({@code κ > value});</li>
 *   <li>joint not learnable, every fixed term learnt: N*_joint > N_max_joint, κ is an upper bound
 *       ({@code κ < value});</li>
 *   <li>both: numerator and denominator are only bounded below, so κ is undefined;</li>
 *   <li>a search not finished: undefined.</li>
 * </ul>
 * An exact κ inherits the searches' tolerance: each N* is the smallest success found, within the
 * bisection tolerance of the true threshold (or coarser when a search hit its step limit).
 *
 * @param value meaningless (NaN) when {@code kind} is UNDEFINED
 */
public record SharingFactor(Kind kind, double value, String explanation) {

    public enum Kind {
        EXACT, LOWER_BOUND, UPPER_BOUND, UNDEFINED
    }

    /**
     * @param fixedByLength results of the fixed-distribution searches at n = 2..L, in order; null
     *                      where a search has not finished
     * @param joint         result of the uniform search over 2..L, or null
     */
    public static SharingFactor of(List<SearchResult> fixedByLength, SearchResult joint) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < fixedByLength.size(); i++) {
            if (fixedByLength.get(i) == null) {
                missing.add("N*_" + (i + 2));
            }
        }
        if (joint == null) {
            missing.add("N*_joint");
        }
        if (!missing.isEmpty()) {
            return undefined("search not finished for " + String.join(", ", missing));
        }
        double sum = 0;
        List<String> unlearnt = new ArrayList<>();
        for (int i = 0; i < fixedByLength.size(); i++) {
            SearchResult r = fixedByLength.get(i);
            if (r.learnable()) {
                sum += r.nStar();
            } else {
                sum += r.nMax();
                unlearnt.add("n=" + (i + 2) + " (N_max " + r.nMax() + ")");
            }
        }
        if (!joint.learnable() && !unlearnt.isEmpty()) {
            return undefined("the joint and the fixed terms at " + String.join(", ", unlearnt)
                    + " are not learnable within budget: numerator and denominator are both only bounded below");
        }
        if (!joint.learnable()) {
            return new SharingFactor(Kind.UPPER_BOUND, sum / joint.nMax(),
                    "the joint is not learnable within budget: N*_joint > N_max = " + joint.nMax());
        }
        if (!unlearnt.isEmpty()) {
            return new SharingFactor(Kind.LOWER_BOUND, sum / joint.nStar(),
                    "not learnable within budget at " + String.join(", ", unlearnt) + ": their N*_n exceed N_max");
        }
        return new SharingFactor(Kind.EXACT, sum / joint.nStar(), "every term learnt");
    }

    private static SharingFactor undefined(String why) {
        return new SharingFactor(Kind.UNDEFINED, Double.NaN, why);
    }

    /** "2.31", "> 2.31", "< 2.31" or "undefined". */
    public String display() {
        String v = String.format(Locale.ROOT, "%.3g", value);
        return switch (kind) {
            case EXACT -> v;
            case LOWER_BOUND -> "> " + v;
            case UPPER_BOUND -> "< " + v;
            case UNDEFINED -> "undefined";
        };
    }
}
