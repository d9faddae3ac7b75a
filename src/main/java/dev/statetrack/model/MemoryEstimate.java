package dev.statetrack.model;

import java.util.Locale;

/**
 * How much memory training one ensemble of E trials takes, by arithmetic alone, so that a request
 * the machine cannot hold is refused before anything is allocated. Native (PyTorch) memory:
 * parameters, their gradients and Adam's two moments (float32, 4 bytes each), and the activations the
 * autograd graph keeps for backward at batch B and input length T, with attention's scores counted
 * apart because they grow as T² per head. Every native term is multiplied by E: members share nothing
 * but their shapes. Java heap: the packed training and validation sets, one per distinct seed among
 * the members (members that differ only in learning rate share their data).
 *
 * <p>Activation counts are each model's ({@link ModelProvider#activations}), per layer and read off the
 * forward code (what each op returns and autograd keeps); they are upper bounds within a small factor,
 * which is all a refusal needs. The parameters are counted from the model's constructor.
 *
 * @param parameters  parameters of one member
 * @param weights     bytes of the parameters of all members
 * @param optimiser   Adam's first and second moments
 * @param gradients   one gradient per parameter
 * @param activations tensors kept for backward, without attention scores
 * @param attention   attention scores, softmax and their gradient: B·heads·T² per layer, four times
 * @param heap        Java heap for the datasets
 */
public record MemoryEstimate(long parameters, long weights, long optimiser, long gradients, long activations,
                             long attention, long heap) {

    private static final long FLOAT = 4;

    /**
     * @param vocabularySize group order + 2
     * @param inputLength    longest input the model reads (the format's input length at L)
     * @param datasetBytes   heap of one member's training and validation sets
     * @param datasets       distinct datasets among the members (their distinct seeds)
     */
    public static MemoryEstimate of(ModelSpec spec, int vocabularySize, int inputLength, int batchSize,
                                    int ensembleSize, long datasetBytes, int datasets) {
        // doubles: a refused request may be far beyond a long (casts saturate at Long.MAX_VALUE)
        double v = vocabularySize;
        double t = inputLength;
        double b = batchSize;
        double e = ensembleSize;
        double logits = 3 * b * t * v; // logits, log-softmax, their gradient
        double parameters = ModelProviders.parameterCount(spec, vocabularySize, inputLength);
        ModelProvider.Activations kept = ModelProviders.of(spec).activations(spec, vocabularySize, inputLength,
                batchSize);
        double activations = kept.kept() + logits;
        double attention = kept.attention();
        double heap = (double) datasets * datasetBytes;
        return new MemoryEstimate((long) parameters, (long) (e * FLOAT * parameters),
                (long) (e * 2 * FLOAT * parameters), (long) (e * FLOAT * parameters), (long) (e * FLOAT * activations),
                (long) (e * FLOAT * attention), (long) heap);
    }

    /** What PyTorch allocates outside the Java heap. */
    public long nativeBytes() {
        return (long) ((double) weights + optimiser + gradients + activations + attention);
    }

    public String describe() {
        return String.format(Locale.ROOT, "native %s (parameters %s, Adam %s, gradients %s, activations %s, "
                        + "attention %s), Java heap %s", bytes(nativeBytes()), bytes(weights), bytes(optimiser),
                bytes(gradients), bytes(activations), bytes(attention), bytes(heap));
    }

    public static String bytes(long count) {
        if (count < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", count / 1024.0);
        }
        if (count < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", count / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", count / (double) (1L << 30));
    }
}
