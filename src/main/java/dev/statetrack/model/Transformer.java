package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2 style decoder: token and learned position embeddings, pre-LayerNorm blocks
 * {@code x += Attn(LN1(x)); x += MLP(LN2(x))} with fused QKV, causal softmax attention scaled by
 * 1/√(width/heads), MLP width→4·width→width with exact GELU, a final LayerNorm and logits tied to the
 * token embedding (no bias). Dropout is 0.
 *
 * <p>Initialisation as GPT-2: weights N(0, 0.02), biases 0, LayerNorm γ=1 β=0, and the two residual
 * output projections N(0, 0.02/√(2·layers)). The position table is drawn from generators of its own, so
 * the initial weights do not depend on the maximum input length beyond the table's extra rows: a trial
 * with a length-generalisation probe starts from the weights of the same trial without it.
 *
 * <p>Members: weights are stored [E, in, out] and biases, γ and β [E, 1, out], so that every linear
 * layer is one batched product over activations kept as [E, B·T, width]; attention runs head by
 * head over [E·B, T, width/heads]. Embedding tables are [E, V, width] and [E, maxInputLength, width].
 */
final class Transformer extends OwnedParameters {

    private static final double INIT_STD = 0.02;
    /** Names the position table's generators ({@link ParameterFactory#normalOwnStream}). */
    private static final long POSITION_STREAM = 0x706F736974696F6EL;  // "position" in ASCII

    private final int maxInputLength;
    private final int width;
    private final int heads;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final NDArray finalGamma;
    private final NDArray finalBeta;
    /** Additive causal mask for the longest input (0 on and below the diagonal, -inf above); sliced per call. */
    private final NDArray causalMask;
    private final NDArray attentionScale;
    private final NDArray memberOffsets;
    private final Ops.UnitAffine unitAffine;

    Transformer(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        super(spec, factory);
        if (spec.layers() < 1 || spec.width() < 1 || spec.heads() < 1 || spec.width() % spec.heads() != 0) {
            throw new IllegalArgumentException("transformer needs layers >= 1 and width divisible by heads, got layers="
                    + spec.layers() + " width=" + spec.width() + " heads=" + spec.heads());
        }
        this.maxInputLength = maxInputLength;
        this.width = spec.width();
        this.heads = spec.heads();
        double residualStd = INIT_STD / Math.sqrt(2.0 * spec.layers());
        tokenEmbedding = factory.normal(INIT_STD, vocabularySize, width);
        // its own stream: the other weights must not depend on the longest input (a probe's length)
        positionEmbedding = factory.normalOwnStream(POSITION_STREAM, INIT_STD, maxInputLength, width);
        for (int i = 0; i < spec.layers(); i++) {
            blocks.add(new DecoderBlock(
                    factory.constant(1, 1, width), factory.constant(0, 1, width),
                    factory.normal(INIT_STD, width, 3L * width), factory.constant(0, 1, 3L * width),
                    factory.normal(residualStd, width, width), factory.constant(0, 1, width),
                    factory.constant(1, 1, width), factory.constant(0, 1, width),
                    factory.normal(INIT_STD, width, 4L * width), factory.constant(0, 1, 4L * width),
                    factory.normal(residualStd, 4L * width, width), factory.constant(0, 1, width)));
        }
        finalGamma = factory.constant(1, 1, width);
        finalBeta = factory.constant(0, 1, width);
        causalMask = factory.fixed(() -> buildCausalMask(manager(), maxInputLength, factory.dataType()));
        attentionScale = factory.scalar(1.0 / Math.sqrt((double) width / heads));
        memberOffsets = Ops.memberOffsets(manager(), factory.members(), vocabularySize);
        unitAffine = Ops.UnitAffine.of(manager(), width, factory.dataType());
    }

    private static NDArray buildCausalMask(NDManager manager, int length, DataType dataType) {
        float[] mask = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[i * length + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(length, length)).toType(dataType, false);
    }

    @Override
    public NDArray forward(NDArray tokens) {
        return forward(tokens, null);
    }

    @Override
    public IncrementalDecoder decoder() {
        return new KeyValueCache();
    }

    /**
     * Logits of the positions of {@code tokens}; with a cache they continue the sequences it holds (their
     * positions start at its length, and they attend over its keys and values too), and it is extended.
     */
    private NDArray forward(NDArray tokens, KeyValueCache cache) {
        requireMemberTokens(tokens);
        long members = tokens.getShape().get(0);
        long batch = tokens.getShape().get(1);
        long time = tokens.getShape().get(2);
        long start = cache == null ? 0 : cache.length;
        long end = start + time;
        if (end > maxInputLength) {
            throw new IllegalArgumentException("input length " + end + " exceeds the transformer's position table ("
                    + maxInputLength + ")");
        }
        NDArray positions = positionEmbedding.get(":, " + start + ":" + end).expandDims(1);
        NDArray x = Ops.embed(tokens, tokenEmbedding, memberOffsets).add(positions).reshape(members, batch * time, width);
        NDArray mask = causalMask.get(start + ":" + end + ", 0:" + end);
        for (int layer = 0; layer < blocks.size(); layer++) {
            DecoderBlock block = blocks.get(layer);
            NDArray normalized = Ops.layerNorm(x, block.ln1Gamma, block.ln1Beta, unitAffine);
            x = x.add(attention(block, normalized, mask, members, batch, time, cache, layer));
            NDArray hidden = Ops.linear(Ops.layerNorm(x, block.ln2Gamma, block.ln2Beta, unitAffine),
                    block.mlpIn, block.mlpInBias);
            x = x.add(Ops.linear(hidden.getNDArrayInternal().gelu(), block.mlpOut, block.mlpOutBias));
        }
        if (cache != null) {
            cache.length = Math.toIntExact(end);
        }
        NDArray logits = Ops.layerNorm(x, finalGamma, finalBeta, unitAffine).matMul(tokenEmbedding.transpose(0, 2, 1));
        return logits.reshape(members, batch, time, -1);
    }

    /**
     * Head by head, on strided views of the fused qkv output: each head's q, k and v are [E·B, T, hw]
     * views (rows 3·width apart) that the batched product reads in place. Splitting the heads off
     * through a [E·B, heads, T, hw] transpose instead copied q, k, v and the output, in both passes:
     * 15–35% of a whole step at E = 16 (quick sizes, lengths 4–20, measured in one process, alternating).
     * With a cache, each head's keys and values are appended to that head's cached ones.
     */
    private NDArray attention(DecoderBlock block, NDArray x, NDArray mask, long members, long batch, long time,
                              KeyValueCache cache, int layer) {
        long headWidth = width / heads;
        long sequences = members * batch;
        // one split, not slices: each slice's backward zero-fills a gradient the size of all of qkv.
        NDList parts = Ops.linear(x, block.qkv, block.qkvBias).split(3L * heads, 2);
        NDList mixed = new NDList(heads);
        for (int h = 0; h < heads; h++) {
            NDArray q = parts.get(h).reshape(sequences, time, headWidth).mul(attentionScale);
            NDArray k = parts.get(heads + h).reshape(sequences, time, headWidth);
            NDArray v = parts.get(2 * heads + h).reshape(sequences, time, headWidth);
            if (cache != null) {
                k = cache.extendKeys(layer * heads + h, k);
                v = cache.extendValues(layer * heads + h, v);
            }
            mixed.add(q.matMul(k.transpose(0, 2, 1)).add(mask).softmax(-1).matMul(v));
        }
        return Ops.linear(NDArrays.concat(mixed, 2).reshape(members, batch * time, width), block.out, block.outBias);
    }

    @Override
    public int maxInputLength() {
        return maxInputLength;
    }


    /** Every layer's keys and values of the positions seen so far, [E·B, heads, length, width/heads]. */
    private final class KeyValueCache extends DecoderMemory {

        /** Per layer and head (slot layer·heads + head): [E·B, cached length, hw]. */
        private final NDArray[] keys = new NDArray[blocks.size() * heads];
        private final NDArray[] values = new NDArray[blocks.size() * heads];

        KeyValueCache() {
            super(manager());
        }

        @Override
        public NDArray next(NDArray tokens) {
            return forward(tokens, this);
        }

        NDArray extendKeys(int slot, NDArray fresh) {
            keys[slot] = replace(keys[slot], keys[slot] == null ? fresh : keys[slot].concat(fresh, 1));
            return keys[slot];
        }

        NDArray extendValues(int slot, NDArray fresh) {
            values[slot] = replace(values[slot],
                    values[slot] == null ? fresh : values[slot].concat(fresh, 1));
            return values[slot];
        }
    }

    private record DecoderBlock(NDArray ln1Gamma, NDArray ln1Beta, NDArray qkv, NDArray qkvBias,
                                NDArray out, NDArray outBias, NDArray ln2Gamma, NDArray ln2Beta,
                                NDArray mlpIn, NDArray mlpInBias, NDArray mlpOut, NDArray mlpOutBias) {
    }
}
