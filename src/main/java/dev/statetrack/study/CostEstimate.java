package dev.statetrack.study;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.Vocabulary;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a study costs at most, before it runs: every search trying S sample sizes with every
 * configuration for the full step budget (no early stop, no cancellation), every budget check as it
 * runs when its probe fails (one sample size, every configuration at twice the steps), and every probe
 * configuration for the full budget; each trial's steps times the measured seconds per step of its
 * model at its input length. A check whose probe succeeds (an N* limited by the budget) searches on
 * down, up to S sizes in all: {@link #checkDescentSteps} is what that adds if every check did, outside
 * the bound. Searches stop early in practice, so a realistic figure scales the bound by the share of it
 * the quick preset's searches actually ran ({@link #MEASURED_SHARE}: measured once, not a property of
 * other studies).
 *
 * <p>Step times are asked at the study's largest vocabulary for every group: at these sizes the output
 * head is one matrix product of many, so the vocabulary changes a step's time little, and the timing at
 * start then covers each model and input length once. The input length is the format's stream at the
 * cell's longest sequence (uniform batches are padded to their longest sequence).
 *
 * @param trialSeconds      the trials' seconds one after another, each at the measured step time
 * @param checkDescentSteps steps the budget checks would add beyond their probes if every probe succeeded and
 *                          every check then tried its other S − 1 sizes (not in maxSteps)
 * @param secondsPerStep    the time of one member's step for each setting (an ensemble step over its members)
 */
public record CostEstimate(long maxTrials, long maxSteps, double trialSeconds, long checkDescentSteps,
                           Map<Setting, Double> secondsPerStep) {

    public CostEstimate {
        secondsPerStep = Map.copyOf(secondsPerStep);
    }

    /**
     * Steps the quick preset's 63 searches trained (its run for issue 10, trial version 2: 1,412,600 in trials of 3000
     * steps, none read off another budget) over this bound for them (63 × S = 6 × 4 configurations × 3000
     * steps = 4,536,000). The 53.4% that run reports is of a smaller total, the sizes the searches actually
     * tried, which a plan cannot know in advance.
     */
    public static final double MEASURED_SHARE = 1_412_600.0 / 4_536_000;

    /**
     * A model at one input length, trained {@code ensembleSize} configurations at a time: what one step
     * time is measured for.
     */
    public record Setting(ModelSpec model, int vocabularySize, int sequenceLength, int batch, int ensembleSize) {
    }

    /**
     * @param maxEnsemble the most configurations trained together; step times are measured for ensembles
     *                    of min(maxEnsemble, configurations) members, and a smaller remainder ensemble is
     *                    counted at the same cost per member
     */
    public static CostEstimate of(StudyPlan plan, StepTimes times, int maxEnsemble) {
        int configurations = plan.spec().training().configurationCount();
        long perSearch = plan.maxTrialsPerSearch();
        Map<Setting, Double> secondsPerStep = new LinkedHashMap<>();
        for (Setting s : settings(plan, maxEnsemble)) {
            secondsPerStep.put(s, times.secondsPerStep(s.model(), s.vocabularySize(), s.sequenceLength(), s.batch(),
                    s.ensembleSize()) / s.ensembleSize());
        }
        long trials = 0;
        long steps = 0;
        double seconds = 0;
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            long searchSteps = perSearch * s.training().steps();
            trials += perSearch;
            steps += searchSteps;
            seconds += searchSteps * secondsPerStep.get(setting(plan, s.cell().model().spec(), s.cell().format(),
                    s.cell().maxLength(), maxEnsemble));
        }
        long descent = 0;
        for (StudyPlan.PlannedSearch c : plan.budgetChecks()) {
            long probeSteps = (long) configurations * c.training().steps();
            trials += configurations;
            steps += probeSteps;
            seconds += probeSteps * secondsPerStep.get(setting(plan, c.cell().model().spec(), c.cell().format(),
                    c.cell().maxLength(), maxEnsemble));
            descent += (perSearch - configurations) * c.training().steps();
        }
        for (StudyPlan.GeneralisationProbe p : plan.probes()) {
            long probeSteps = (long) p.configurations().size() * plan.spec().training().steps();
            trials += p.configurations().size();
            steps += probeSteps;
            seconds += probeSteps * secondsPerStep.get(setting(plan, p.model().spec(), p.format(), p.maxLength(),
                    maxEnsemble));
        }
        return new CostEstimate(trials, steps, seconds, descent, secondsPerStep);
    }

    /** Every setting whose step time {@link #of} needs, each once. */
    public static Set<Setting> settings(StudyPlan plan, int maxEnsemble) {
        Set<Setting> settings = new LinkedHashSet<>();
        plan.allSearches().forEach(s -> settings.add(setting(plan, s.cell().model().spec(), s.cell().format(),
                s.cell().maxLength(), maxEnsemble)));
        plan.probes().forEach(p -> settings.add(setting(plan, p.model().spec(), p.format(), p.maxLength(),
                maxEnsemble)));
        return settings;
    }

    private static Setting setting(StudyPlan plan, ModelSpec model, Format format, int maxLength, int maxEnsemble) {
        return new Setting(model, largestVocabulary(plan), format.inputLength(maxLength),
                plan.spec().training().batchSize(),
                Math.min(maxEnsemble, plan.spec().training().configurationCount()));
    }

    private static int largestVocabulary(StudyPlan plan) {
        int order = 1;
        for (String group : plan.spec().groups()) {
            order = Math.max(order, plan.groupOrder(group));
        }
        for (StudyPlan.PlannedSearch s : plan.allSearches()) {
            order = Math.max(order, plan.groupOrder(s.cell().group()));
        }
        for (StudyPlan.GeneralisationProbe p : plan.probes()) {
            order = Math.max(order, p.groupOrder());
        }
        return new Vocabulary(order).size();
    }

    /** Cores busy for an hour, at most, when each trial runs on {@code threadsPerTrial} threads. */
    public double maxCoreHours(int threadsPerTrial) {
        return trialSeconds * threadsPerTrial / 3600;
    }

    /** Hours from start to end with this many trials at once, at most. */
    public double maxWallHours(int workers) {
        return trialSeconds / workers / 3600;
    }

    /** The estimate as the dry run prints it, with how it was made. */
    public String describe(int workers, int threadsPerTrial) {
        double core = maxCoreHours(threadsPerTrial);
        double wall = maxWallHours(workers);
        return String.format(Locale.ROOT, """
                Estimated cost: at most %,d trials, %,d optimisation steps, %.1f core-hours: %.1f h wall here \
                with %d worker%s of %d thread%s.
                Realistic (labelled as such): about %.1f core-hours, %.1f h wall here, if searches run %.1f%% of \
                that bound as the quick preset's did (measured once: they tried fewer than S sizes and stopped \
                early; this varies by study).
                Cluster: the same core-hours shared among its worker cores, if each is as fast as one here \
                (e.g. 64 worker cores: %.2f h at most, %.2f h realistic).
                How: trials at most (S sample sizes x configurations per search, or max-trials for an adaptive \
                one; per budget check its probe size x configurations at twice the steps; probes) x steps x \
                seconds per member-step, measured here at start for each model and input length as one ensemble \
                at a time; ensembles sharing the cores run somewhat slower. A budget check whose probe succeeds \
                searches on down (as a search does): %,d more steps if every check did.""",
                maxTrials, maxSteps, core, wall, workers, workers == 1 ? "" : "s", threadsPerTrial,
                threadsPerTrial == 1 ? "" : "s", core * MEASURED_SHARE, wall * MEASURED_SHARE,
                100 * MEASURED_SHARE, core / 64, core * MEASURED_SHARE / 64, checkDescentSteps);
    }
}
