package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * κ = (Σ_{n=2..L} N*_n) / N*_joint, honest about what each term's search shows. Every term's threshold
 * lies in its search's bracket ({@link SearchResult#lowerBound()} to {@link SearchResult#upperBound()}),
 * so κ lies in [Σ lower_n / upper_joint, Σ upper_n / lower_joint], the range reported beside the point
 * value. A term that is not learnable has N* > N_max (its bracket is open above), so:
 * <ul>
 *   <li>every term exact (bracketed within the tolerance, or N* = 1): κ is the point value, exact up
 *       to the range the tolerance leaves;</li>
 *   <li>every term finite but some not exact (a search stopped at its step limit, e.g. before any size
 *       failed, so its N* is only "≤ N*"): κ is only known to lie in its range;</li>
 *   <li>some fixed terms not learnable, joint learnable: the range is open above, κ is a lower bound
 *       ({@code κ > lower});</li>
 *   <li>joint not learnable, every fixed term learnt: N*_joint > N_max_joint, κ is an upper bound
 *       ({@code κ < upper});</li>
 *   <li>both: numerator and denominator are only bounded below, so κ is undefined;</li>
 *   <li>a search not finished: undefined.</li>
 * </ul>
 *
 * @param value the point value Σ N*_n / N*_joint for EXACT and RANGE; the bound for the bounds; NaN when
 *              UNDEFINED
 * @param lower the smallest κ the brackets allow (0 when the joint is not learnable; NaN when UNDEFINED)
 * @param upper the largest κ the brackets allow (+∞ when a fixed term is not learnable; NaN when UNDEFINED)
 */
public record SharingFactor(Kind kind, double value, double lower, double upper, String explanation) {

    public enum Kind {
        EXACT, RANGE, LOWER_BOUND, UPPER_BOUND, UNDEFINED
    }

    /**
     * @param fixedByLength results of the fixed-distribution searches at n = 2..L, in order; null
     *                      where a search has not finished
     * @param joint         result of the uniform search over 2..L, or null
     */
    public static SharingFactor of(List<SearchResult> fixedByLength, SearchResult joint) {
        return of(fixedByLength, 2, joint);
    }

    /**
     * The same ratio with the numerator's terms from {@code firstLength} on, over the same joint: with
     * firstLength 3 it leaves out the n = 2 term, which asks a model to complete the group's
     * multiplication table from 80% of it (no training sequence holds a held-out pair), while at n ≥ 3
     * almost every pair inside a held-out sequence occurs in training sequences. Having one term fewer
     * in the numerator, it is never larger than the paper's κ over the same searches.
     *
     * @param fixedByLength results of the fixed-distribution searches at n = firstLength..L, in order
     */
    public static SharingFactor of(List<SearchResult> fixedByLength, int firstLength, SearchResult joint) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < fixedByLength.size(); i++) {
            if (fixedByLength.get(i) == null) {
                missing.add("N*_" + (i + firstLength));
            }
        }
        if (joint == null) {
            missing.add("N*_joint");
        }
        if (!missing.isEmpty()) {
            return undefined("search not finished for " + String.join(", ", missing));
        }
        double sum = 0;
        double sumLower = 0;
        double sumUpper = 0;
        List<String> unlearnt = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        for (int i = 0; i < fixedByLength.size(); i++) {
            SearchResult r = fixedByLength.get(i);
            sumLower += r.lowerBound();
            sumUpper += r.upperBound();
            if (r.learnable()) {
                sum += r.nStar();
                if (!r.exact()) {
                    loose.add(looseTerm("N*_" + (i + firstLength), r));
                }
            } else {
                unlearnt.add("n=" + (i + firstLength) + " (N_max " + r.nMax() + ")");
            }
        }
        if (joint.learnable() && !joint.exact()) {
            loose.add(looseTerm("N*_joint", joint));
        }
        double lower = sumLower / joint.upperBound();
        double upper = sumUpper / joint.lowerBound();
        if (!joint.learnable() && !unlearnt.isEmpty()) {
            return undefined("the joint and the fixed terms at " + String.join(", ", unlearnt)
                    + " are not learnable within budget: numerator and denominator are both only bounded below");
        }
        if (!joint.learnable()) {
            return new SharingFactor(Kind.UPPER_BOUND, upper, 0, upper,
                    "the joint is not learnable within budget: N*_joint > N_max = " + joint.nMax());
        }
        if (!unlearnt.isEmpty()) {
            return new SharingFactor(Kind.LOWER_BOUND, lower, lower, Double.POSITIVE_INFINITY,
                    "not learnable within budget at " + String.join(", ", unlearnt) + ": their N*_n exceed N_max"
                            + (loose.isEmpty() ? "" : "; " + String.join(", ", loose)));
        }
        double point = sum / joint.nStar();
        if (!loose.isEmpty()) {
            return new SharingFactor(Kind.RANGE, point, lower, upper, String.join(", ", loose)
                    + ": κ is only known to lie in the range its brackets allow");
        }
        return new SharingFactor(Kind.EXACT, point, lower, upper, "every term learnt, bracketed within the tolerance");
    }

    private static String looseTerm(String name, SearchResult r) {
        return r.unbracketed()
                ? name + " ≤ " + r.nStar() + " (step limit before any failure)"
                : name + " in (" + r.largestFailing() + ", " + r.nStar() + "] (step limit)";
    }

    private static SharingFactor undefined(String why) {
        return new SharingFactor(Kind.UNDEFINED, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** "2.31", "2.31 (0.815–2.43)", "> 2.31", "< 2.31" or "undefined". */
    public String display() {
        String v = format(value);
        return switch (kind) {
            case EXACT -> v;
            case RANGE -> v + " (" + range() + ")";
            case LOWER_BOUND -> "> " + v;
            case UPPER_BOUND -> "< " + v;
            case UNDEFINED -> "undefined";
        };
    }

    /** The range the terms' brackets allow: "2.20–2.43", "≥ 2.04", "≤ 1.37", or "—" when undefined. */
    public String range() {
        if (kind == Kind.UNDEFINED) {
            return "—";
        }
        if (Double.isInfinite(upper)) {
            return "≥ " + format(lower);
        }
        return lower == 0 ? "≤ " + format(upper) : format(lower) + "–" + format(upper);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
