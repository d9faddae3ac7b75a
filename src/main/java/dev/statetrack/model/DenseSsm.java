package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;


/**
 * Bilinear RNN: one dense state-transition matrix per token, {@code h_t = A[x_t] h_{t-1}}, with no
 * additive term and no nonlinearity, a learned h_0 and a linear head (state → vocabulary, with bias)
 * on every h_t.
 *
 * <p>With {@code normalizeState}, h_t is rescaled to unit length after each step. Because the
 * transition is linear, rescaling commutes with it: the direction of h_t is the same with and
 * without normalisation, so what the model can track is unchanged; only the scale the head sees
 * differs, and long products can no longer overflow or underflow. It is off by default (the CLI's
 * {@code --normalize-state} turns it on): the unnormalised model is the architecture as specified, and
 * it reaches a small ε much sooner, because with unit-length states the logit margin is bounded by the
 * head's weight norm, which Adam grows only linearly ({@code statetrack train --group Z2 --format acot
 * --max-length 5 --model dense-ssm --width 16 --lr 3e-3 --epsilon 1e-3 --steps 1500}: validation loss
 * below 1e-3 after 400 steps without normalisation, still 3.8e-3 after 1500 steps with it).
 *
 * <p>Initialisation: A[v] = I + N(0, σ²) with σ = 0.1/√d, so that ‖A[v]h‖²/‖h‖² ≈ 1 + dσ² = 1.01 per
 * step and products over the lengths studied (up to 60 for length-generalisation probes) stay within
 * a factor of about 1.4; h_0 ~ N(0, 1/d) (about unit length); head U(±1/√d) as PyTorch's nn.Linear.
 */
final class DenseSsm extends OwnedParameters {

    /** F.normalize's default: below it a state is divided by this instead of its norm (never reached in practice). */
    private static final double UNIT_NORM_EPS = 1e-12;

    /**
     * Largest V·d for the all-tokens product (measured, batch 64, length 20, V=7, 1 thread: d=32
     * 5.7 vs 12.0 ms per step; d=64 about even; d=128 14.6 vs 8.2 ms in favour of grouping).
     */
    static final long ALL_TOKENS_MAX_ROWS = 256;

    private final int vocabularySize;
    private final int state;
    /** vocabulary × state × state; A[v] maps h_{t-1} to h_t when token v is read. */
    private final NDArray transitions;
    private final NDArray initialState;
    private final NDArray head;
    private final NDArray headBias;

    DenseSsm(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        if (spec.width() < 1) {
            throw new IllegalArgumentException("dense-ssm needs width (state size) >= 1, got " + spec.width());
        }
        this.vocabularySize = vocabularySize;
        this.state = spec.width();
        transitions = factory.identityPlusNoise(vocabularySize, state, 0.1 / Math.sqrt(state));
        initialState = factory.normal(1.0 / Math.sqrt(state), state);
        double bound = 1.0 / Math.sqrt(state);
        head = factory.uniform(bound, vocabularySize, state);
        headBias = factory.uniform(bound, vocabularySize);
    }

    /**
     * Two exact ways to apply A[x_t] to a batch; which is faster depends on the size. Both avoid
     * gathering a copy of A[x_t] for every row, which costs B·d² copied floats per step forward and
     * again backward (334 ms per step at d=256; see bench/MEASUREMENTS-models.md).
     */
    @Override
    public NDArray forward(NDArray tokens) {
        return (long) vocabularySize * state <= ALL_TOKENS_MAX_ROWS ? forwardAllTokens(tokens) : forwardGrouped(tokens);
    }

    /**
     * Multiplies h by all V matrices in one GEMM and keeps each row's own product: V times the
     * arithmetic, but four ops per step, which wins while V·d is small.
     */
    NDArray forwardAllTokens(NDArray tokens) {
        int batch = Math.toIntExact(tokens.getShape().get(0));
        int time = Math.toIntExact(tokens.getShape().get(1));
        long[] ids = tokens.toLongArray();
        NDManager scope = tokens.getManager();
        NDArray stacked = transitions.reshape((long) vocabularySize * state, state);
        NDArray h = initialState.broadcast(batch, state);
        NDList states = new NDList(time);
        for (int t = 0; t < time; t++) {
            long[] rows = new long[batch];
            for (int b = 0; b < batch; b++) {
                rows[b] = (long) b * vocabularySize + ids[b * time + t];
            }
            h = Ops.linear(h, stacked, null).reshape((long) batch * vocabularySize, state).get(scope.create(rows));
            if (spec().normalizeState()) {
                h = h.normalize(2, 1, UNIT_NORM_EPS);
            }
            states.add(h);
        }
        return Ops.linear(NDArrays.stack(states, 1), head, headBias);
    }

    /**
     * Regroups the rows by the token they read at each step, so that every token's matrix
     * multiplies its rows in one GEMM on a contiguous slice: B·d² multiply-adds per step, but about
     * 2V ops. States are kept in each step's grouped order and put back into batch order once, at
     * the end. The per-token matrices come from one split of A, whose backward assembles A's
     * gradient once; selecting A[v] per token would zero-fill a V×d×d gradient for every token used.
     */
    NDArray forwardGrouped(NDArray tokens) {
        int batch = Math.toIntExact(tokens.getShape().get(0));
        int time = Math.toIntExact(tokens.getShape().get(1));
        long[] ids = tokens.toLongArray();
        NDManager scope = tokens.getManager();
        NDList matrices = null;
        NDArray h = initialState.broadcast(batch, state);
        int[] rowAt = null;
        NDList states = new NDList(time);
        long[] unpermute = new long[batch * time];
        for (int t = 0; t < time; t++) {
            TokenGroups groups = TokenGroups.of(ids, batch, time, t, vocabularySize);
            if (rowAt != null) {
                long[] gather = new long[batch];
                for (int j = 0; j < batch; j++) {
                    gather[j] = rowAt[groups.order()[j]];
                }
                h = h.get(scope.create(gather));
            }
            NDList parts = new NDList();
            for (int v = 0; v < vocabularySize; v++) {
                int count = groups.counts()[v];
                if (count > 0) {
                    if (matrices == null) {
                        matrices = transitions.split(vocabularySize, 0);
                    }
                    int start = groups.starts()[v];
                    NDArray matrix = matrices.get(v).reshape(state, state);
                    parts.add(Ops.linear(h.get(new NDIndex().addSliceDim(start, start + count)), matrix, null));
                }
            }
            h = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            if (spec().normalizeState()) {
                h = h.normalize(2, 1, UNIT_NORM_EPS);
            }
            states.add(h);
            rowAt = groups.positionOfRow();
            for (int b = 0; b < batch; b++) {
                unpermute[b * time + t] = (long) t * batch + rowAt[b];
            }
        }
        NDArray inBatchOrder = NDArrays.concat(states, 0).get(scope.create(unpermute)).reshape(batch, time, state);
        return Ops.linear(inBatchOrder, head, headBias);
    }

    /**
     * The batch rows of step t grouped by token (stable counting sort): {@code order[j]} is the row at
     * grouped position j; token v occupies positions starts[v]..starts[v]+counts[v].
     */
    private record TokenGroups(int[] order, int[] starts, int[] counts) {

        static TokenGroups of(long[] ids, int batch, int time, int t, int vocabularySize) {
            int[] counts = new int[vocabularySize];
            for (int b = 0; b < batch; b++) {
                counts[(int) ids[b * time + t]]++;
            }
            int[] starts = new int[vocabularySize];
            for (int v = 1; v < vocabularySize; v++) {
                starts[v] = starts[v - 1] + counts[v - 1];
            }
            int[] next = starts.clone();
            int[] order = new int[batch];
            for (int b = 0; b < batch; b++) {
                order[next[(int) ids[b * time + t]]++] = b;
            }
            return new TokenGroups(order, starts, counts);
        }

        /** Inverse of {@link #order}: the grouped position of each batch row. */
        int[] positionOfRow() {
            int[] position = new int[order.length];
            for (int j = 0; j < order.length; j++) {
                position[order[j]] = j;
            }
            return position;
        }
    }



    @Override
    public int maxInputLength() {
        return Integer.MAX_VALUE;
    }

}
