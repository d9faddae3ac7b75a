package dev.statetrack.task;

/** Z_m: integers modulo m under addition. Z_2 is parity. */
public final class CyclicGroup implements Group {

    private final int m;

    public CyclicGroup(int m) {
        if (m < 2) {
            throw new IllegalArgumentException("Z" + m + ": the modulus m must be at least 2");
        }
        this.m = m;
    }

    @Override
    public String name() {
        return "Z" + m;
    }

    @Override
    public int order() {
        return m;
    }

    @Override
    public int multiply(int a, int b) {
        int sum = a + b;
        return sum >= m ? sum - m : sum;
    }

    @Override
    public int identity() {
        return 0;
    }
}
