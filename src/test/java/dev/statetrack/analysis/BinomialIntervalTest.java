package dev.statetrack.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * 95% reference values: 0, 5 and 10 of 10 are the textbook cases of R's {@code prop.test(k, n, correct =
 * FALSE)} (Wilson) and {@code binom.test(k, n)} (Clopper–Pearson); 3 of 14 is from SciPy
 * ({@code scipy.stats.beta.ppf} and the Wilson formula), an asymmetric case away from the edges.
 */
class BinomialIntervalTest {

    private static void assertInterval(double lower, double upper, BinomialInterval actual) {
        assertEquals(lower, actual.lower(), 1e-6, "lower of " + actual);
        assertEquals(upper, actual.upper(), 1e-6, "upper of " + actual);
    }

    @Test
    void wilsonMatchesTextbookValues() {
        assertInterval(0.0, 0.2775328, BinomialInterval.wilson(0, 10, 0.95));
        assertInterval(0.2365931, 0.7634069, BinomialInterval.wilson(5, 10, 0.95));
        assertInterval(0.7224672, 1.0, BinomialInterval.wilson(10, 10, 0.95));
        assertInterval(0.0757139, 0.4758923, BinomialInterval.wilson(3, 14, 0.95));
    }

    @Test
    void clopperPearsonMatchesTextbookValues() {
        assertInterval(0.0, 0.3084971, BinomialInterval.clopperPearson(0, 10, 0.95));
        assertInterval(0.1870860, 0.8129140, BinomialInterval.clopperPearson(5, 10, 0.95));
        assertInterval(0.6915029, 1.0, BinomialInterval.clopperPearson(10, 10, 0.95));
        assertInterval(0.0465793, 0.5079757, BinomialInterval.clopperPearson(3, 14, 0.95));
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BinomialInterval.wilson(3, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> BinomialInterval.clopperPearson(0, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> BinomialInterval.wilson(1, 2, 1.0));
    }
}
