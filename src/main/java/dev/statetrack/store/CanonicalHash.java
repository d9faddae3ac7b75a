package dev.statetrack.store;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.SearchSettings;
import dev.statetrack.train.TrialSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Stable identities of trials and searches: lowercase hex SHA-256 of a canonical text.
 *
 * <p>A trial's canonical text is the UTF-8 of the line {@code statetrack-trial/3} followed by one
 * {@code key=value} line per field, in this order, each ending in {@code \n}: group, format,
 * distribution, max_length, train_size, model.kind, model.layers, model.width, model.heads,
 * model.embedding, model.normalize_state, learning_rate, seed, steps, batch_size, epsilon,
 * eval_every, probe_max_length; a model's further options ({@link ModelSpec#options()}), if it has any,
 * follow model.normalize_state as {@code model.KEY=VALUE} lines in key order, so the paper's three
 * models, which have none, kept their identities when models became plug-ins (and no version changed:
 * a text without options reads as before). Enums and models are written by their ids ({@code outcome},
 * {@code short-to-long}, {@code dense-ssm}), integers in decimal, booleans as {@code true}/{@code false}, and doubles as
 * their exact IEEE-754 value in hexadecimal floating notation ({@link Double#toHexString}, e.g.
 * {@code 0x1.a36e2eb1c432dp-14} for 1e-4) with −0.0 written as 0.0, so that no decimal rounding or
 * JDK formatting change can alter an identity. Changing the text format, or what a trial computes
 * from the same text, means bumping the version line, which changes every identity on purpose. Trials
 * stored under an older version stay in the store but are never reused as if they were new. Versions:
 * <ol>
 *   <li>the first;</li>
 *   <li>Adam with torch's placement of ε, and initialisation seeded through a mixed seed;</li>
 *   <li>the transformer's position table is drawn from generators of its own, so its other initial
 *       weights no longer depend on the maximum input length (which a probe lengthens): every
 *       transformer starts from other weights than under version 2. A probe measures the weights of the
 *       best evaluation instead of the final ones, and a member that spent its budget beside a success at
 *       the last evaluation is a failure instead of a cancellation. Also in version 3: the sampler hands
 *       out each length's sequences in the order of a keyed Feistel permutation instead of rejection
 *       sampling and Fisher–Yates shuffles, and each epoch's batch order is such a permutation instead of
 *       a java.util.Random shuffle, so a seed draws other sequences in another order.</li>
 * </ol>
 * probe_max_length stays in the text although a probe does not change training: a trial with a probe
 * also stores its accuracies by length, which a trial without one cannot answer for. Instead a search's
 * trials at N_max carry the probe where the study probes that cell, so the probe's trials are the
 * search's ({@code StudyPlan#configurations}).
 *
 * <p>A trial with a pruning rule ({@link TrialSpec#prune()}) has three more lines at the end,
 * prune.patience, prune.min_delta and prune.min_steps: a pruned failure is a different result from a
 * full-budget one. Without a rule the lines are absent, so every identity from before pruning existed
 * is unchanged by it. Searches carry the same lines through their cell.
 *
 * <p>A search's canonical text is {@code statetrack-search/3} (its version follows the trial's: a
 * search's path is made of its trials' outcomes), the trial lines without train_size,
 * learning_rate and seed, then learning_rates and seeds (comma-separated, in grid order), divisor,
 * max_sample_sizes and tolerance. Success-rate mode ({@link SearchSettings#successRate()}) is left out on
 * purpose: a trial is the same trial whichever siblings ran beside it, so the verdict at every N, the
 * path of the search and N* are identical with it on or off; only which siblings were trained differs.
 * A search finished without it is therefore reused by a study with it, which trains the missing
 * siblings (see {@code StudyRunner}), and the other way round. An adaptive search
 * ({@link SearchSettings#adaptive()}) adds two lines at the end, method=adaptive and max_trials: it takes
 * another path to another kind of result. The bracket search has no such lines, so its ids are unchanged.
 */
public final class CanonicalHash {

    private CanonicalHash() {
    }

    public static String trial(TrialSpec spec) {
        return sha256(trialText(spec));
    }

    public static String trialText(TrialSpec spec) {
        StringBuilder text = new StringBuilder("statetrack-trial/3\n");
        appendCell(text, spec, true);
        return text.toString();
    }

    /** @param template any configuration of the search; its train size, learning rate and seed are ignored */
    public static String search(TrialSpec template, List<Double> learningRates, List<Long> seeds,
                                SearchSettings settings) {
        StringBuilder text = new StringBuilder("statetrack-search/3\n");
        appendCell(text, template, false);
        line(text, "learning_rates", learningRates.stream().map(CanonicalHash::number)
                .collect(Collectors.joining(",")));
        line(text, "seeds", seeds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        line(text, "divisor", settings.divisor());
        line(text, "max_sample_sizes", settings.maxSampleSizes());
        line(text, "tolerance", number(settings.tolerance()));
        if (settings.adaptive()) {
            // only adaptive searches carry these lines, so every bracket search keeps its id
            line(text, "method", settings.method().id());
            line(text, "max_trials", settings.maxTrials());
        }
        return sha256(text.toString());
    }

    /**
     * A budget check's identity: {@code statetrack-budget-check/1} and the id of the search with twice the
     * steps it belongs to. The check is that search started at the probe size (see
     * {@code study.BudgetCheck}) rather than at N_max, so it needs an id of its own; the probe follows from
     * the checked search's result, which its own id fixes.
     */
    public static String budgetCheck(String doubledSearchId) {
        return sha256("statetrack-budget-check/1\nsearch=" + doubledSearchId + "\n");
    }

    private static void appendCell(StringBuilder text, TrialSpec spec, boolean withConfiguration) {
        line(text, "group", spec.group());
        line(text, "format", spec.format().id());
        line(text, "distribution", spec.distribution().id());
        line(text, "max_length", spec.maxLength());
        if (withConfiguration) {
            line(text, "train_size", spec.trainSize());
        }
        ModelSpec model = spec.model();
        line(text, "model.kind", model.kind());
        line(text, "model.layers", model.layers());
        line(text, "model.width", model.width());
        line(text, "model.heads", model.heads());
        line(text, "model.embedding", model.embedding());
        line(text, "model.normalize_state", model.normalizeState());
        model.options().forEach((key, value) -> line(text, "model." + key, value));
        if (withConfiguration) {
            line(text, "learning_rate", number(spec.learningRate()));
            line(text, "seed", spec.seed());
        }
        line(text, "steps", spec.steps());
        line(text, "batch_size", spec.batchSize());
        line(text, "epsilon", number(spec.epsilon()));
        line(text, "eval_every", spec.evalEvery());
        line(text, "probe_max_length", spec.probeMaxLength());
        if (spec.prune() != null) {
            line(text, "prune.patience", spec.prune().patience());
            line(text, "prune.min_delta", number(spec.prune().minDelta()));
            line(text, "prune.min_steps", spec.prune().minSteps());
        }
    }

    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a trial specification needs finite numbers, got " + value);
        }
        return Double.toHexString(value == 0.0 ? 0.0 : value);
    }

    private static void line(StringBuilder text, String key, Object value) {
        String v = String.valueOf(value);
        if (v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(key + " must not contain a line break: '" + v + "'");
        }
        text.append(key).append('=').append(v).append('\n');
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
