package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.Format;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Trains the members of an ensemble together, each with Adam at its own learning rate on the mean
 * cross-entropy over its own supervised tokens, until its validation loss falls below ε or the step
 * budget is spent. A member whose loss becomes NaN/inf ends as failed, and the others go on; so does a
 * member the settings' {@link PruneRule} stops (its failure reason says so and at which step). With
 * {@code stopAtFirstSuccess} (the N* search's rule) the ensemble stops at the first evaluation where
 * any member is below ε; the members still running then are cancelled. Without it, a member that
 * succeeded stops while the others go on. A member that has stopped costs nothing more: the others
 * go on as an ensemble of their own ({@link LiveMembers}).
 *
 * <p>Each {@link TrainingStep} closes what it creates, so native memory stays flat however many steps
 * and runs one JVM executes. Runs on the calling thread; set its intra-op threads with
 * {@link IntraOpThreads#use} first.
 */
public final class Trainer {

    /**
     * One configuration's data and optimiser.
     *
     * @param dataOrderSeed fixes the order in which training samples are drawn (initialisation is fixed
     *                      by the model's own seed for this member)
     */
    public record Member(TrainingData data, double learningRate, long dataOrderSeed) {
    }

    private final TrainingSettings settings;

    public Trainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * @return one result per member, in order. A member's {@code wallMillis} is its share of the
     * ensemble's wall time (the whole divided by the member count), so summing trials' times still
     * gives the time the workers spent.
     */
    public List<TrialResult> train(SequenceModel model, List<Member> members, boolean stopAtFirstSuccess,
                                   BooleanSupplier cancelled, TrainingProgress progress) {
        if (members.size() != model.members()) {
            throw new IllegalArgumentException(members.size() + " members for a model of " + model.members());
        }
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            return new Run(model, members, manager).execute(stopAtFirstSuccess, cancelled, progress, start);
        } finally {
            Autograd.setRecording(false);
        }
    }

    private enum State { RUNNING, SUCCEEDED, BUDGET_SPENT, FAILED, CANCELLED }

    private final class Run {
        private final SequenceModel model;
        private final List<Member> members;
        private final NDManager manager;
        private final Format format;
        private final Vocabulary vocabulary;
        /** One stream per distinct data and data order: members that share a seed share their batches. */
        private final List<BatchStream> streams = new ArrayList<>();
        private final List<PackedSequences> streamData = new ArrayList<>();
        private final int[] streamOf;
        /** The whole ensemble's, for the accuracy measured at the end. */
        private final EvaluationSet validation;
        private final LiveMembers live;
        private final State[] state;
        private final int[] endStep;
        private final String[] failure;
        private final double[] bestValidationLoss;
        /** Whether some member's trial measures a probe, which then reads its best evaluation's weights. */
        private final boolean probed;
        /**
         * Per parameter, each member's weights at its best evaluation so far ([E, ...] like the parameter);
         * created at the first evaluation and only for a probe.
         */
        private List<NDArray> bestWeights;
        private final List<List<CurvePoint>> curves = new ArrayList<>();

        Run(SequenceModel model, List<Member> members, NDManager manager) {
            this.model = model;
            this.members = members;
            this.manager = manager;
            this.format = members.get(0).data().format();
            this.vocabulary = members.get(0).data().vocabulary();
            List<PackedSequences> validationSets = new ArrayList<>();
            double[] learningRates = new double[members.size()];
            streamOf = new int[members.size()];
            Map<List<Object>, Integer> streamIndex = new HashMap<>();
            for (int e = 0; e < members.size(); e++) {
                Member member = members.get(e);
                PackedSequences train = member.data().train();
                streamOf[e] = streamIndex.computeIfAbsent(List.of(train, member.dataOrderSeed()), key -> {
                    streams.add(new BatchStream(train.size(), settings.batchSize(), member.dataOrderSeed()));
                    streamData.add(train);
                    return streams.size() - 1;
                });
                validationSets.add(member.data().validation());
                learningRates[e] = member.learningRate();
            }
            validation = new EvaluationSet(validationSets, format, vocabulary, manager);
            live = new LiveMembers(model, learningRates, validationSets, validation, format, vocabulary, manager);
            int count = members.size();
            state = new State[count];
            Arrays.fill(state, State.RUNNING);
            endStep = new int[count];
            failure = new String[count];
            bestValidationLoss = new double[count];
            Arrays.fill(bestValidationLoss, Double.NaN);
            probed = members.stream().anyMatch(m -> !m.data().probes().isEmpty());
            for (int e = 0; e < count; e++) {
                curves.add(new ArrayList<>());
            }
        }

        List<TrialResult> execute(boolean stopAtFirstSuccess, BooleanSupplier cancelled, TrainingProgress progress,
                                  long start) {
            int step = 0;
            while (step < settings.steps() && running() > 0) {
                if (cancelled.getAsBoolean()) {
                    end(State.CANCELLED, step);
                    break;
                }
                step++;
                // a stream no live member reads is never read again, so it need not advance
                Batch[] built = new Batch[streams.size()];
                List<Batch> batches = new ArrayList<>(members.size());
                for (int e : live.members()) {
                    int s = streamOf[e];
                    if (built[s] == null) {
                        built[s] = Batch.of(streamData.get(s), streams.get(s).next(), format, vocabulary);
                    }
                    batches.add(built[s]);
                }
                double[] losses = live.step(batches);
                for (int e = 0; e < losses.length; e++) {
                    if (state[e] == State.RUNNING && !Double.isFinite(losses[e])) {
                        fail(e, step, "loss became " + losses[e] + " at step " + step);
                    }
                }
                if ((step % settings.evalEvery() == 0 || step == settings.steps()) && running() > 0) {
                    if (evaluate(step, losses, progress) && stopAtFirstSuccess) {
                        // at the last step the members still running have spent their whole budget: they
                        // failed, and a cancellation would leave them unstored and retrained later
                        end(step == settings.steps() ? State.BUDGET_SPENT : State.CANCELLED, step);
                    }
                }
                live.keepOnly(e -> state[e] == State.RUNNING);
            }
            end(State.BUDGET_SPENT, step);
            live.finish();
            return results(start);
        }

        /** @return whether some member succeeded at this evaluation */
        private boolean evaluate(int step, double[] trainingLosses, TrainingProgress progress) {
            double[] losses = live.validationLosses();
            boolean anySucceeded = false;
            double shownTraining = Double.NaN;
            double shownValidation = Double.NaN;
            for (int e = 0; e < losses.length; e++) {
                if (state[e] != State.RUNNING) {
                    continue;
                }
                curves.get(e).add(new CurvePoint(step, trainingLosses[e], losses[e]));
                if (!Double.isFinite(losses[e])) {
                    fail(e, step, "validation loss became " + losses[e] + " at step " + step);
                    continue;
                }
                if (Double.isNaN(bestValidationLoss[e]) || losses[e] < bestValidationLoss[e]) {
                    bestValidationLoss[e] = losses[e];
                    if (probed) {
                        keepBestWeights(e);
                    }
                }
                if (Double.isNaN(shownValidation) || losses[e] < shownValidation) {
                    shownValidation = losses[e];
                    shownTraining = trainingLosses[e];
                }
                if (losses[e] < settings.epsilon()) {
                    state[e] = State.SUCCEEDED;
                    endStep[e] = step;
                    anySucceeded = true;
                } else if (settings.prune() != null && step < settings.steps()) {
                    // at the last step the budget ends the member anyway: a plain failure, not a pruning
                    int member = e;
                    settings.prune().verdict(curves.get(e)).ifPresent(reason -> fail(member, step, reason));
                }
            }
            if (!Double.isNaN(shownValidation)) {
                progress.evaluated(step, settings.steps(), shownTraining, shownValidation);
            }
            return anySucceeded;
        }

        /** Runs where recording is off (after a validation pass), so the copies carry no autograd history. */
        private void keepBestWeights(int member) {
            if (bestWeights == null) {
                bestWeights = new ArrayList<>();
                for (NDArray p : model.parameters()) {
                    bestWeights.add(manager.zeros(p.getShape(), p.getDataType()));
                }
            }
            live.copyWeights(member, bestWeights);
        }

        /** Puts every member's best evaluation's weights back into the model, for the probe to measure. */
        private void restoreBestWeights() {
            List<NDArray> parameters = model.parameters();
            for (int e = 0; e < state.length; e++) {
                NDIndex index = new NDIndex(e);
                for (int i = 0; i < parameters.size(); i++) {
                    try (NDArray slice = bestWeights.get(i).get(index)) {
                        parameters.get(i).set(index, slice);
                    }
                }
            }
        }

        private void fail(int member, int step, String reason) {
            state[member] = State.FAILED;
            endStep[member] = step;
            failure[member] = reason;
        }

        private void end(State outcome, int step) {
            for (int e = 0; e < state.length; e++) {
                if (state[e] == State.RUNNING) {
                    state[e] = outcome;
                    endStep[e] = step;
                }
            }
        }

        private int running() {
            int count = 0;
            for (State s : state) {
                if (s == State.RUNNING) {
                    count++;
                }
            }
            return count;
        }

        /**
         * Validation accuracy is measured once, at the end, on the whole ensemble's model: a member that
         * succeeded earlier left the live ensemble then, so its slice holds the weights it succeeded with. The probe then measures the weights of each
         * member's best evaluation, the weights length generalisation selects the member by; for a member
         * that succeeded they are the same, for one that spent its budget they may be earlier ones.
         */
        private List<TrialResult> results(long start) {
            boolean anyFinished = Arrays.stream(state).anyMatch(s -> s == State.SUCCEEDED || s == State.BUDGET_SPENT);
            double[] accuracy = anyFinished ? validation.accuracy(model) : new double[state.length];
            if (anyFinished && bestWeights != null) {
                restoreBestWeights();
            }
            List<Map<Integer, Double>> byLength = anyFinished ? probeAccuracies() : List.of();
            long share = (System.nanoTime() - start) / 1_000_000 / state.length;
            long parameters = model.parameterCount();
            List<TrialResult> results = new ArrayList<>(state.length);
            for (int e = 0; e < state.length; e++) {
                TrialResult result = switch (state[e]) {
                    case SUCCEEDED, BUDGET_SPENT -> new TrialResult(state[e] == State.SUCCEEDED, endStep[e],
                            bestValidationLoss[e], accuracy[e], share, parameters, null, byLength.get(e));
                    case FAILED -> new TrialResult(false, endStep[e], bestValidationLoss[e], Double.NaN, share,
                            parameters, failure[e], Map.of());
                    case CANCELLED -> TrialResult.cancelled(endStep[e], share, parameters);
                    case RUNNING -> throw new IllegalStateException("member " + e + " still running");
                };
                results.add(result.withCurve(curves.get(e)));
            }
            return results;
        }

        /** Accuracy per probe length for every member; a length none of a member's probes has is left out. */
        private List<Map<Integer, Double>> probeAccuracies() {
            List<Map<Integer, Double>> byLength = new ArrayList<>();
            TreeSet<Integer> lengths = new TreeSet<>();
            for (Member m : members) {
                byLength.add(new LinkedHashMap<>());
                lengths.addAll(m.data().probes().keySet());
            }
            for (int n : lengths) {
                List<PackedSequences> sets = new ArrayList<>();
                for (Member m : members) {
                    sets.add(m.data().probes().getOrDefault(n, PackedSequences.of(m.data().train().group(), List.of())));
                }
                if (sets.stream().allMatch(set -> set.size() == 0)) {
                    continue;
                }
                double[] accuracy = new EvaluationSet(sets, format, vocabulary, manager).accuracy(model);
                for (int e = 0; e < members.size(); e++) {
                    if (sets.get(e).size() > 0) {
                        byLength.get(e).put(n, accuracy[e]);
                    }
                }
            }
            return byLength;
        }
    }
}
