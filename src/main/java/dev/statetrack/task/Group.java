package dev.statetrack.task;

/**
 * A finite group whose elements are numbered 0..order-1; those numbers are the element tokens.
 *
 * <p>The running state of a sequence x_1..x_n is s_1 = x_1, s_i = multiply(x_i, s_{i-1}).
 */
public interface Group {

    /** Canonical name, e.g. {@code Z5}, {@code S3}, {@code Z2xS3}, or the table file's name. */
    String name();

    int order();

    /** The product a ∘ b. For permutation groups (σ ∘ τ)(i) = σ(τ(i)). */
    int multiply(int a, int b);

    int identity();

    /** A human-readable label of an element: the number itself, or one-line notation for permutations. */
    default String label(int element) {
        return Integer.toString(element);
    }

    /** The running states s_1..s_n of a sequence of elements. */
    default int[] runningStates(int[] elements) {
        int[] states = new int[elements.length];
        runningStates(elements, elements.length, states);
        return states;
    }

    /** The running states of elements[0..n) into states[0..n), for batches built without allocating. */
    default void runningStates(int[] elements, int n, int[] states) {
        int state = identity();
        for (int i = 0; i < n; i++) {
            state = multiply(elements[i], state);
            states[i] = state;
        }
    }
}
