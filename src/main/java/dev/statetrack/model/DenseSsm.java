package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;

import java.util.stream.IntStream;


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
 *
 * <p>Members: transitions [E, V, d, d], h_0 [E, d], head [E, V, d] and its bias [E, V]. Both paths
 * run on the E·B rows of all members at once: row r = e·B + b belongs to member e, and its products
 * only ever use member e's matrices.
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
    /** members × vocabulary × state × state; A[e, v] maps member e's h_{t-1} to h_t when token v is read. */
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
        return forward(tokens, null);
    }

    @Override
    public IncrementalDecoder decoder() {
        return new RecurrentState(manager(), this::forward);
    }

    private NDArray forward(NDArray tokens, RecurrentState carried) {
        requireMemberTokens(tokens);
        return (long) vocabularySize * state <= ALL_TOKENS_MAX_ROWS ? forwardAllTokens(tokens, carried)
                : forwardGrouped(tokens, carried);
    }

    NDArray forwardAllTokens(NDArray tokens) {
        return forwardAllTokens(tokens, null);
    }

    NDArray forwardGrouped(NDArray tokens) {
        return forwardGrouped(tokens, null);
    }

    /** h_0 for every sequence, [E, B, d]: the learned one, or where a decoder's sequences stopped. */
    private NDArray startState(RecurrentState carried, int batch) {
        return carried == null || carried.state() == null
                ? initialState.expandDims(1).broadcast(members(), batch, state) : carried.state();
    }

    /**
     * Multiplies each member's h by all V of its matrices in one batched GEMM and keeps each row's
     * own product: V times the arithmetic, but five ops per step, which wins while V·d is small.
     */
    private NDArray forwardAllTokens(NDArray tokens, RecurrentState carried) {
        int members = members();
        int batch = Math.toIntExact(tokens.getShape().get(1));
        int time = Math.toIntExact(tokens.getShape().get(2));
        int rows = members * batch;
        long[] ids = tokens.toLongArray();
        NDManager scope = tokens.getManager();
        NDArray stacked = transitions.reshape(members, (long) vocabularySize * state, state).transpose(0, 2, 1);
        NDArray h = startState(carried, batch);
        NDList states = new NDList(time);
        for (int t = 0; t < time; t++) {
            long[] own = new long[rows];
            for (int r = 0; r < rows; r++) {
                own[r] = (long) r * vocabularySize + ids[r * time + t];
            }
            NDArray next = h.matMul(stacked).reshape((long) rows * vocabularySize, state).get(scope.create(own));
            if (spec().normalizeState()) {
                next = next.normalize(2, 1, UNIT_NORM_EPS);
            }
            states.add(next);
            h = next.reshape(members, batch, state);
        }
        if (carried != null) {
            carried.keep(h, time);
        }
        return logits(NDArrays.stack(states, 1), batch, time);
    }

    /**
     * Regroups the rows of all members by the matrix they use at each step (member e reading token v
     * uses matrix e·V + v), so that every matrix multiplies its rows in one GEMM on a contiguous slice:
     * B·d² multiply-adds per member and step, but about 2·E·V ops. States are kept in each step's
     * grouped order and put back into row order once, at the end. The matrices come from one split of
     * A, whose backward assembles A's gradient once; selecting A[e, v] per group would zero-fill an
     * E×V×d×d gradient for every matrix used.
     */
    private NDArray forwardGrouped(NDArray tokens, RecurrentState carried) {
        int members = members();
        int batch = Math.toIntExact(tokens.getShape().get(1));
        int time = Math.toIntExact(tokens.getShape().get(2));
        int rows = members * batch;
        int matrixCount = members * vocabularySize;
        long[] matrixOf = tokens.toLongArray();
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < time; t++) {
                matrixOf[r * time + t] += (long) (r / batch) * vocabularySize;
            }
        }
        NDManager scope = tokens.getManager();
        NDList matrices = null;
        NDArray h = startState(carried, batch).reshape(rows, state);
        // Row order serves as the first step's grouped order while every row of a member starts from the
        // same h_0 (groups never mix members); a carried state differs from row to row and is regrouped.
        int[] rowAt = carried == null || carried.state() == null ? null : IntStream.range(0, rows).toArray();
        NDList states = new NDList(time);
        long[] unpermute = new long[rows * time];
        for (int t = 0; t < time; t++) {
            TokenGroups groups = TokenGroups.of(matrixOf, rows, time, t, matrixCount);
            if (rowAt != null) {
                long[] gather = new long[rows];
                for (int j = 0; j < rows; j++) {
                    gather[j] = rowAt[groups.order()[j]];
                }
                h = h.get(scope.create(gather));
            }
            NDList parts = new NDList();
            for (int m = 0; m < matrixCount; m++) {
                int count = groups.counts()[m];
                if (count > 0) {
                    if (matrices == null) {
                        matrices = transitions.reshape(matrixCount, state, state).split(matrixCount, 0);
                    }
                    int start = groups.starts()[m];
                    NDArray matrix = matrices.get(m).reshape(state, state);
                    NDArray slice = h.get(new NDIndex().addSliceDim(start, start + count));
                    parts.add(Linear.linear(slice, matrix).singletonOrThrow());
                }
            }
            h = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            if (spec().normalizeState()) {
                h = h.normalize(2, 1, UNIT_NORM_EPS);
            }
            states.add(h);
            rowAt = groups.positionOfRow();
            for (int r = 0; r < rows; r++) {
                unpermute[r * time + t] = (long) t * rows + rowAt[r];
            }
        }
        if (carried != null) {
            long[] lastInRowOrder = new long[rows];
            for (int r = 0; r < rows; r++) {
                lastInRowOrder[r] = rowAt[r];
            }
            carried.keep(h.get(scope.create(lastInRowOrder)).reshape(members, batch, state), time);
        }
        return logits(NDArrays.concat(states, 0).get(scope.create(unpermute)), batch, time);
    }

    /** Logits [E, B, T, V] from the states of all rows, row-major ([E·B, T, d] or [E·B·T, d]). */
    private NDArray logits(NDArray states, int batch, int time) {
        NDArray flat = states.reshape(members(), (long) batch * time, state);
        return Ops.linear(flat, head.transpose(0, 2, 1), headBias.expandDims(1)).reshape(members(), batch, time, -1);
    }

    /**
     * The rows of step t grouped by matrix (stable counting sort): {@code order[j]} is the row at
     * grouped position j; matrix m's rows occupy positions starts[m]..starts[m]+counts[m].
     */
    private record TokenGroups(int[] order, int[] starts, int[] counts) {

        static TokenGroups of(long[] matrixOf, int rows, int time, int t, int matrixCount) {
            int[] counts = new int[matrixCount];
            for (int r = 0; r < rows; r++) {
                counts[(int) matrixOf[r * time + t]]++;
            }
            int[] starts = new int[matrixCount];
            for (int m = 1; m < matrixCount; m++) {
                starts[m] = starts[m - 1] + counts[m - 1];
            }
            int[] next = starts.clone();
            int[] order = new int[rows];
            for (int r = 0; r < rows; r++) {
                order[next[(int) matrixOf[r * time + t]]++] = r;
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
