package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.Format;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The members of an ensemble that are still training, run as an ensemble of their own, so that a
 * member that has finished (succeeded, failed, pruned) costs no more forward, backward or evaluation
 * work. When members leave, the rest's parameters and Adam moments are gathered into a model of the
 * same spec with fewer members, which continues exactly where they were; only the batched kernels'
 * member dimension shrinks. The whole ensemble's model keeps every member's weights: the live
 * members' slices are written back into it whenever the live set changes and at {@link #finish}, so a
 * finished member's slice there holds the weights it finished with.
 *
 * <p>Member numbers here are always the whole ensemble's. Call with gradient recording off (the
 * training step turns it on and off itself).
 */
final class LiveMembers {

    private final SequenceModel whole;
    private final List<PackedSequences> validationSets;
    private final Format format;
    private final Vocabulary vocabulary;
    private final NDManager parent;
    /** The whole ensemble's numbers of the live members, ascending. */
    private int[] live;
    /** Holds the live model (unless it is the whole one), its optimiser state and validation set. */
    private NDManager generation;
    private SequenceModel model;
    private TrainingStep step;
    private EvaluationSet validation;

    /**
     * @param validation the whole ensemble's validation set (built from {@code validationSets}), used
     *                   while every member is live
     * @param parent     live ensembles and their optimiser state live in sub-managers of it
     */
    LiveMembers(SequenceModel whole, double[] learningRates, List<PackedSequences> validationSets,
                EvaluationSet validation, Format format, Vocabulary vocabulary, NDManager parent) {
        this.whole = whole;
        this.validationSets = validationSets;
        this.format = format;
        this.vocabulary = vocabulary;
        this.parent = parent;
        this.live = new int[whole.members()];
        Arrays.setAll(live, e -> e);
        this.generation = parent.newSubManager();
        this.model = whole;
        this.step = new TrainingStep(whole, learningRates, vocabulary.pad(), generation);
        this.validation = validation;
    }

    /** The whole ensemble's numbers of the members still training, ascending. */
    int[] members() {
        return live.clone();
    }

    /**
     * One optimisation step of the live members.
     *
     * @param batches one per live member, in {@link #members()} order
     * @return per member of the whole ensemble, its batch loss before the update; NaN for members not live
     */
    double[] step(List<Batch> batches) {
        return spread(step.run(batches));
    }

    /** @return per member of the whole ensemble, the live members' validation losses; NaN for the others */
    double[] validationLosses() {
        return spread(validation.loss(model));
    }

    /**
     * Copies a live member's current weights into its slice of {@code into} (arrays shaped like the
     * whole ensemble's parameters).
     */
    void copyWeights(int member, List<NDArray> into) {
        int slice = Arrays.binarySearch(live, member);
        if (slice < 0) {
            throw new IllegalArgumentException("member " + member + " is not training");
        }
        NDIndex index = new NDIndex(member);
        List<NDArray> parameters = model.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            try (NDArray weights = parameters.get(i).get(slice)) {
                into.get(i).set(index, weights);
            }
        }
    }

    /**
     * Goes on with only the live members {@code running} accepts; nothing happens while that is every
     * live member. With none, training has ended.
     */
    void keepOnly(IntPredicate running) {
        int[] next = Arrays.stream(live).filter(running).toArray();
        if (next.length == live.length) {
            return;
        }
        writeBack();
        if (next.length == 0) {
            closeGeneration();
            model = null;
            step = null;
            validation = null;
            live = next;
            return;
        }
        int[] kept = new int[next.length];
        for (int j = 0; j < next.length; j++) {
            kept[j] = Arrays.binarySearch(live, next[j]);
        }
        List<NDArray> gathered = new ArrayList<>();
        for (NDArray p : model.parameters()) {
            gathered.add(MemberSlices.gather(p, kept));
        }
        NDManager nextGeneration = parent.newSubManager();
        SequenceModel smaller = ModelFactory.withParameters(whole.spec(), vocabulary, whole.maxInputLength(),
                gathered, nextGeneration);
        TrainingStep nextStep = step.keeping(kept, smaller, nextGeneration);
        List<PackedSequences> sets = new ArrayList<>();
        for (int e : next) {
            sets.add(validationSets.get(e));
        }
        EvaluationSet nextValidation = new EvaluationSet(sets, format, vocabulary, nextGeneration);
        closeGeneration();
        generation = nextGeneration;
        model = smaller;
        step = nextStep;
        validation = nextValidation;
        live = next;
    }

    /**
     * Ends training: writes the live members' weights back into the whole ensemble's model and frees
     * the live ensemble's state.
     *
     * @return the whole ensemble's model, every member's slice holding the weights it finished with
     */
    SequenceModel finish() {
        if (live.length > 0) {
            writeBack();
            closeGeneration();
            model = null;
            step = null;
            validation = null;
            live = new int[0];
        }
        return whole;
    }

    private void writeBack() {
        if (model == whole) {
            return;
        }
        List<NDArray> from = model.parameters();
        List<NDArray> into = whole.parameters();
        for (int i = 0; i < from.size(); i++) {
            MemberSlices.scatter(from.get(i), into.get(i), live);
        }
    }

    /** Closes the live model (unless it is the whole one, which is not in it), optimiser state and validation set. */
    private void closeGeneration() {
        generation.close();
    }

    private double[] spread(double[] liveValues) {
        double[] values = new double[whole.members()];
        Arrays.fill(values, Double.NaN);
        for (int j = 0; j < live.length; j++) {
            values[live[j]] = liveValues[j];
        }
        return values;
    }
}
