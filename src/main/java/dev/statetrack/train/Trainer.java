package dev.statetrack.train;

import ai.djl.ndarray.NDManager;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Format;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
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
 * succeeded stops updating while the others go on.
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
        private final List<BatchStream<EncodedSample>> streams = new ArrayList<>();
        private final EvaluationSet validation;
        private final TrainingStep trainingStep;
        private final State[] state;
        private final int[] endStep;
        private final String[] failure;
        private final double[] bestValidationLoss;
        private final List<List<CurvePoint>> curves = new ArrayList<>();

        Run(SequenceModel model, List<Member> members, NDManager manager) {
            this.model = model;
            this.members = members;
            this.manager = manager;
            this.format = members.get(0).data().format();
            this.vocabulary = members.get(0).data().vocabulary();
            List<List<Sample>> validationSets = new ArrayList<>();
            double[] learningRates = new double[members.size()];
            for (int e = 0; e < members.size(); e++) {
                Member member = members.get(e);
                List<EncodedSample> encoded = new ArrayList<>(member.data().train().size());
                for (Sample s : member.data().train()) {
                    encoded.add(format.encode(s, vocabulary));
                }
                streams.add(new BatchStream<>(encoded, settings.batchSize(), member.dataOrderSeed()));
                validationSets.add(member.data().validation());
                learningRates[e] = member.learningRate();
            }
            validation = new EvaluationSet(validationSets, format, vocabulary, manager);
            trainingStep = new TrainingStep(model, learningRates, vocabulary.pad(), manager);
            int count = members.size();
            state = new State[count];
            Arrays.fill(state, State.RUNNING);
            endStep = new int[count];
            failure = new String[count];
            bestValidationLoss = new double[count];
            Arrays.fill(bestValidationLoss, Double.NaN);
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
                List<Batch> batches = new ArrayList<>(members.size());
                for (BatchStream<EncodedSample> stream : streams) {
                    batches.add(Batch.of(stream.next(), vocabulary));
                }
                double[] losses = trainingStep.run(batches);
                for (int e = 0; e < losses.length; e++) {
                    if (state[e] == State.RUNNING && !Double.isFinite(losses[e])) {
                        fail(e, step, "loss became " + losses[e] + " at step " + step);
                    }
                }
                if ((step % settings.evalEvery() == 0 || step == settings.steps()) && running() > 0) {
                    if (evaluate(step, losses, progress) && stopAtFirstSuccess) {
                        end(State.CANCELLED, step);
                    }
                }
            }
            end(State.BUDGET_SPENT, step);
            return results(start);
        }

        /** @return whether some member succeeded at this evaluation */
        private boolean evaluate(int step, double[] trainingLosses, TrainingProgress progress) {
            double[] losses = validation.loss(model);
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
                }
                if (Double.isNaN(shownValidation) || losses[e] < shownValidation) {
                    shownValidation = losses[e];
                    shownTraining = trainingLosses[e];
                }
                if (losses[e] < settings.epsilon()) {
                    state[e] = State.SUCCEEDED;
                    endStep[e] = step;
                    trainingStep.freeze(e);
                    anySucceeded = true;
                } else if (settings.prune() != null) {
                    int member = e;
                    settings.prune().verdict(curves.get(e)).ifPresent(reason -> fail(member, step, reason));
                }
            }
            if (!Double.isNaN(shownValidation)) {
                progress.evaluated(step, settings.steps(), shownTraining, shownValidation);
            }
            return anySucceeded;
        }

        private void fail(int member, int step, String reason) {
            state[member] = State.FAILED;
            endStep[member] = step;
            failure[member] = reason;
            trainingStep.freeze(member);
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
         * Accuracy is measured once, at the end: a member that succeeded earlier has been frozen since,
         * so its weights are those it succeeded with.
         */
        private List<TrialResult> results(long start) {
            boolean anyFinished = Arrays.stream(state).anyMatch(s -> s == State.SUCCEEDED || s == State.BUDGET_SPENT);
            double[] accuracy = anyFinished ? validation.accuracy(model) : new double[state.length];
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
                List<List<Sample>> sets = new ArrayList<>();
                for (Member m : members) {
                    sets.add(m.data().probes().getOrDefault(n, List.of()));
                }
                if (sets.stream().allMatch(List::isEmpty)) {
                    continue;
                }
                double[] accuracy = new EvaluationSet(sets, format, vocabulary, manager).accuracy(model);
                for (int e = 0; e < members.size(); e++) {
                    if (!sets.get(e).isEmpty()) {
                        byLength.get(e).put(n, accuracy[e]);
                    }
                }
            }
            return byLength;
        }
    }
}
