package dev.statetrack.study;

import dev.statetrack.store.CanonicalHash;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study expanded into the N* searches and probe trials it needs. κ at (model, format, group, L)
 * needs the fixed-distribution searches at every n in 2..L and the uniform search at L; a search the
 * grid already has is planned once. With the budget check, every search has a twin with twice the
 * steps, run only once the first has found a finite N* (so after it).
 */
public final class StudyPlan {

    /**
     * @param training the settings of its trials (the study's, or twice its steps for a budget check)
     * @param nMax     min(steps × batch, available training sequences): where the search starts
     */
    public record PlannedSearch(Cell cell, TrainingGrid training, long nMax, String searchId) {
    }

    public record KappaTarget(ModelEntry model, Format format, String group, int maxLength,
                              List<PlannedSearch> fixedByLength, PlannedSearch joint) {
    }

    /** Trials at the largest training set (uniform over 2..L) probed on lengths 2..2L. */
    public record GeneralisationProbe(ModelEntry model, Format format, String group, int maxLength, int groupOrder,
                                      long trainSize, List<TrialSpec> configurations) {
    }

    private final StudySpec spec;
    private final TaskSpace tasks;
    private final Map<String, PlannedSearch> searches = new LinkedHashMap<>();
    /** Search id of a search → its budget check. */
    private final Map<String, PlannedSearch> budgetChecks = new LinkedHashMap<>();
    private final List<PlannedSearch> gridSearches = new ArrayList<>();
    private final List<KappaTarget> kappaTargets = new ArrayList<>();
    private final List<GeneralisationProbe> probes = new ArrayList<>();
    /** Probed cell → the probe's longest length (2L); its search's trials at N_max carry the probe. */
    private final Map<Cell, Integer> probeLengths = new HashMap<>();

    private StudyPlan(StudySpec spec, TaskSpace tasks) {
        this.spec = spec;
        this.tasks = tasks;
    }

    /** @throws IllegalArgumentException for an unknown group or a cell without training data */
    public static StudyPlan of(StudySpec spec, TaskSpace tasks) {
        StudyPlan plan = new StudyPlan(spec, tasks);
        StudySpec.Analyses analyses = spec.analyses();
        if (analyses.nstar()) {
            for (ModelEntry model : spec.models()) {
                for (String group : spec.groups()) {
                    for (Format format : spec.formats()) {
                        for (LengthDistribution distribution : spec.distributions()) {
                            for (int length : spec.lengths()) {
                                plan.gridSearches.add(plan.search(new Cell(model, group, format, distribution, length)));
                            }
                        }
                    }
                }
            }
        }
        if (analyses.kappa() != null) {
            for (ModelEntry model : spec.models()) {
                for (Format format : spec.formats()) {
                    for (String group : analyses.kappa().groups()) {
                        for (int length : analyses.kappa().lengths()) {
                            List<PlannedSearch> fixed = new ArrayList<>();
                            for (int n = 2; n <= length; n++) {
                                fixed.add(plan.search(new Cell(model, group, format, LengthDistribution.FIXED, n)));
                            }
                            PlannedSearch joint = plan.search(
                                    new Cell(model, group, format, LengthDistribution.UNIFORM, length));
                            plan.kappaTargets.add(new KappaTarget(model, format, group, length, fixed, joint));
                        }
                    }
                }
            }
        }
        if (analyses.lengthGeneralisation() != null) {
            for (ModelEntry model : spec.models()) {
                for (Format format : spec.formats()) {
                    for (String group : analyses.lengthGeneralisation().groups()) {
                        for (int length : analyses.lengthGeneralisation().lengths()) {
                            Cell cell = new Cell(model, group, format, LengthDistribution.UNIFORM, length);
                            long n = plan.nMax(cell);
                            plan.probes.add(new GeneralisationProbe(model, format, group, length,
                                    tasks.groupOrder(group), n, cell.configurations(spec.training(), n, 2 * length)));
                            plan.probeLengths.put(cell, 2 * length);
                        }
                    }
                }
            }
        }
        if (analyses.budgetCheck()) {
            TrainingGrid doubled = spec.training().withSteps(2 * spec.training().steps());
            for (PlannedSearch s : plan.searches.values()) {
                String id = CanonicalHash.budgetCheck(s.cell().searchId(doubled, spec.search()));
                plan.budgetChecks.put(s.searchId(), new PlannedSearch(s.cell(), doubled, plan.nMax(s.cell(), doubled), id));
            }
        }
        return plan;
    }

    private PlannedSearch search(Cell cell) {
        String id = cell.searchId(spec.training(), spec.search());
        return searches.computeIfAbsent(id, k -> new PlannedSearch(cell, spec.training(), nMax(cell), id));
    }

    private long nMax(Cell cell) {
        return nMax(cell, spec.training());
    }

    private long nMax(Cell cell, TrainingGrid training) {
        long available = tasks.availableForTraining(cell.group(), cell.distribution(), cell.maxLength());
        long nMax = Math.min(training.sampleBudget(), available);
        if (nMax < 1) {
            throw new IllegalArgumentException("no training sequences are left after validation for "
                    + cell.label() + "; use a larger group or length");
        }
        return nMax;
    }

    public StudySpec spec() {
        return spec;
    }

    /**
     * The configurations a search trains at size n. At N_max of a probed cell (uniform over 2..L) they are
     * the probe's own trials: the same training (initialisation does not depend on the probe's length),
     * measuring the probe as well, so the probe reuses every trial the search stored and trains only the
     * ones the search cancelled. Budget checks train with other steps, so they never carry a probe.
     */
    public List<TrialSpec> configurations(PlannedSearch search, long n) {
        int probe = n == search.nMax() && search.training().equals(spec.training())
                ? probeLengths.getOrDefault(search.cell(), 0) : 0;
        return search.cell().configurations(search.training(), n, probe);
    }

    /** One configuration of a search at size n, with the probe where {@link #configurations} has one. */
    public TrialSpec configuration(PlannedSearch search, long n, double learningRate, long seed) {
        return configurations(search, n).get(0).withConfiguration(learningRate, seed);
    }

    /**
     * The adaptive search's configurations, in the order its rounds take them, at size n: seed outer,
     * learning rate inner, so that any k in a row spread over the learning rates (the posterior's one curve
     * describes the grid's average configuration); the grid's seeds first, then fresh seeds
     * max(grid seeds) + 1, + 2, …, which depend only on the grid, so a resumed search asks for the same trials.
     */
    public TrialSpec adaptiveConfiguration(PlannedSearch search, long n, int index) {
        List<Double> rates = search.training().learningRates();
        List<Long> seeds = search.training().seeds();
        int seedIndex = index / rates.size();
        long seed = seedIndex < seeds.size() ? seeds.get(seedIndex)
                : seeds.stream().mapToLong(Long::longValue).max().orElseThrow() + 1 + (seedIndex - seeds.size());
        return configuration(search, n, rates.get(index % rates.size()), seed);
    }

    /** Every search of the study, each once, in plan order; budget checks are not among them. */
    public List<PlannedSearch> searches() {
        return List.copyOf(searches.values());
    }

    /**
     * The search with twice the steps that checks this one's N*; empty when the study has no budget check.
     * Its nMax is where a full search would start; the check starts lower, at {@link BudgetCheck#probeSize}.
     */
    public Optional<PlannedSearch> budgetCheck(PlannedSearch search) {
        return Optional.ofNullable(budgetChecks.get(search.searchId()));
    }

    /** Every search, then every budget check. */
    public List<PlannedSearch> allSearches() {
        List<PlannedSearch> all = new ArrayList<>(searches.values());
        all.addAll(budgetChecks.values());
        return all;
    }

    /** The budget checks' searches, in the order of the searches they check. */
    public List<PlannedSearch> budgetChecks() {
        return List.copyOf(budgetChecks.values());
    }

    /** The N* grid's searches, in grid order (model, group, format, distribution, length). */
    public List<PlannedSearch> gridSearches() {
        return List.copyOf(gridSearches);
    }

    public List<KappaTarget> kappaTargets() {
        return List.copyOf(kappaTargets);
    }

    public List<GeneralisationProbe> probes() {
        return List.copyOf(probes);
    }

    public int groupOrder(String group) {
        return tasks.groupOrder(group);
    }

    /** S sample sizes × the grid's configurations for the bracket search; max-trials for the adaptive one. */
    public long maxTrialsPerSearch() {
        return spec.search().adaptive() ? spec.search().maxTrials()
                : (long) spec.search().maxSampleSizes() * spec.training().configurationCount();
    }

    /**
     * No search tries more than S sample sizes, each with every configuration at worst (an adaptive search
     * no more than its max-trials); a budget check counts as if every search had a finite N*.
     */
    public long maxTrials() {
        long perSearch = maxTrialsPerSearch();
        long probeTrials = probes.stream().mapToLong(p -> p.configurations().size()).sum();
        return (searches.size() + budgetChecks.size()) * perSearch + probeTrials;
    }
}
