package org.example.elman;

import dev.statetrack.model.ModelParameters;
import dev.statetrack.model.ModelProvider;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.ParameterFactory;
import dev.statetrack.model.SequenceModel;

/** Names the model, reads its sizes, builds it and counts its cost. */
public final class ElmanProvider implements ModelProvider {

    @Override
    public String name() {
        return "elman";
    }

    @Override
    public String description() {
        return "Elman RNN h_t = tanh(W x_t + b + U h_{t-1}) (hidden)";
    }

    /** A study file's {@code - {kind: elman, hidden: 16}}. */
    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("hidden");
        return new ModelSpec(name(), 1, p.positive("hidden"), 0, 0, false);
    }

    /** {@code statetrack train --model elman --width 16}. */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("width");
        return new ModelSpec(name(), 1, p.positive("width", 64), 0, 0, false);
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        return new Elman(spec, vocabularySize, factory);
    }

    /** W x and U h (d² multiply-adds each), the head (d·V); 2 FLOPs per multiply-add. */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        long d = spec.width();
        return 2 * (2 * d * d + d * vocabularySize);
    }

    /** Per position: W x + b, U h, their sum, tanh. */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        return Activations.of(4.0 * batchSize * inputLength * spec.width());
    }
}
