package dev.statetrack.study;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reference values from scipy.stats (norm.ppf, norm.cdf, t.ppf, beta.cdf). */
class SpecialFunctionsTest {

    @Test
    void normalQuantileAndDistributionFunction() {
        assertEquals(1.959964, SpecialFunctions.normalQuantile(0.975), 1e-6);
        assertEquals(-2.326348, SpecialFunctions.normalQuantile(0.01), 1e-6);
        assertEquals(0.975, SpecialFunctions.normalCdf(1.959964), 1e-6);
        assertEquals(0.0013499, SpecialFunctions.normalCdf(-3), 1e-6);
    }

    @Test
    void studentQuantile() {
        assertEquals(12.706205, SpecialFunctions.studentQuantile(0.975, 1), 1e-5);
        assertEquals(3.182446, SpecialFunctions.studentQuantile(0.975, 3), 1e-5);
        assertEquals(2.144787, SpecialFunctions.studentQuantile(0.975, 14), 1e-5);
    }

    @Test
    void regularisedIncompleteBeta() {
        assertEquals(0.5, SpecialFunctions.regularizedBeta(0.5, 3, 3), 1e-12);
        assertEquals(0.34464, SpecialFunctions.regularizedBeta(0.2, 2, 5), 1e-9);
    }
}
