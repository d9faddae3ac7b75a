package dev.statetrack.study;

import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.search.AdaptiveSearch;
import dev.statetrack.search.ConfigurationGrid;
import dev.statetrack.search.NStarSearch;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.store.StoredTrialRunner;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a study plan against a run store: every search and probe, as many at once as there are
 * workers, their trials sharing one pool of workers. A budget check runs right after the search it
 * checks, and only if that found a finite N*. Finished searches in the store are skipped and stored
 * trials reused, so running the same plan again resumes where an interrupted run stopped.
 */
public final class StudyRunner {

    private final StudyPlan plan;
    private final RunStore store;
    private final TrialExecutor executor;
    private final int workers;
    private final int threadsPerWorker;
    private final int maxEnsemble;
    private final Duration claimPollInterval;
    private final Progress progress;

    /** @param maxEnsemble most configurations of one sample size trained together as one batched model */
    public StudyRunner(StudyPlan plan, RunStore store, TrialExecutor executor, int workers, int threadsPerWorker,
                       int maxEnsemble, Duration claimPollInterval, Progress progress) {
        if (workers < 1 || threadsPerWorker < 1) {
            throw new IllegalArgumentException("workers and threads must be at least 1, got " + workers
                    + " and " + threadsPerWorker);
        }
        this.plan = plan;
        this.store = store;
        this.executor = executor;
        this.workers = workers;
        this.threadsPerWorker = threadsPerWorker;
        this.maxEnsemble = maxEnsemble;
        this.claimPollInterval = claimPollInterval;
        this.progress = progress;
    }

    public void run() {
        progress.start(plan.maxTrials(), store.trialCount());
        ExecutorService trialWorkers = Executors.newFixedThreadPool(workers, daemon("trial-worker"));
        // Searches only wait on their trials; as many as workers keeps every worker fed.
        ExecutorService searchers = Executors.newFixedThreadPool(workers, daemon("search"));
        try {
            ConfigurationGrid grid = new ConfigurationGrid(
                    new StoredTrialRunner(store, executor, threadsPerWorker, claimPollInterval, progress::trialFinished),
                    trialWorkers, maxEnsemble);
            List<Future<?>> tasks = new ArrayList<>();
            for (StudyPlan.PlannedSearch search : plan.searches()) {
                tasks.add(searchers.submit(() -> {
                    SearchResult result = search(search, grid);
                    Optional<StudyPlan.PlannedSearch> check = plan.budgetCheck(search);
                    long probe = BudgetCheck.probeSize(result, plan.spec().search().divisor());
                    if (probe >= 1 && check.isPresent()) {
                        // the check only asks whether the bracket's lower end succeeds with twice the steps
                        progress.searchScheduled();
                        StudyPlan.PlannedSearch c = check.get();
                        search(new StudyPlan.PlannedSearch(c.cell(), c.training(), probe, c.searchId()), grid);
                    }
                }));
            }
            for (StudyPlan.GeneralisationProbe probe : plan.probes()) {
                tasks.add(searchers.submit(() -> {
                    grid.runEvery(probe.configurations());
                    progress.probeFinished(probe.model().name() + " " + probe.group() + " " + probe.format().id()
                            + " L=" + probe.maxLength(), probe.configurations().size());
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("study interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("study failed: " + e.getCause(), e.getCause());
        } finally {
            searchers.shutdownNow();
            trialWorkers.shutdownNow();
        }
    }

    private SearchResult search(StudyPlan.PlannedSearch planned, ConfigurationGrid grid) {
        Optional<StoredSearch> stored = store.search(planned.searchId());
        boolean successRate = plan.spec().search().successRate();
        if (stored.isPresent() && stored.get().finished() && !(successRate && hasCancelledTrials(stored.get()))) {
            progress.searchReused(label(planned), stored.get().result());
            return stored.get().result();
        }
        if (plan.spec().search().adaptive()) {
            return adaptiveSearch(planned, grid, stored);
        }
        // A search finished without success rates is replayed: its stored trials give the same path,
        // and only the siblings it had cancelled are trained.
        store.beginSearch(planned.searchId(), planned.cell().label(), planned.nMax());
        SearchResult result = new NStarSearch(plan.spec().search()).run(planned.nMax(),
                (index, phase, n) -> {
                    List<TrialSpec> configurations = plan.configurations(planned, n);
                    List<TrialOutcome> outcomes = successRate ? grid.runEvery(configurations)
                            : grid.runUntilSuccess(configurations);
                    return new SearchStep(index, phase, n, outcomes.stream().anyMatch(TrialOutcome::succeeded),
                            outcomes);
                },
                step -> store.recordSearchStep(planned.searchId(), step));
        store.finishSearch(planned.searchId(), result);
        progress.searchFinished(label(planned), result);
        return result;
    }

    /**
     * The adaptive search starts from every stored trial of the cell. A resumed search starts from the stored
     * trials its interrupted run started from (recorded with its beginning, in one commit), not from what
     * that run trained since: those it gets again from the store, round by round, so it takes the same path.
     */
    private SearchResult adaptiveSearch(StudyPlan.PlannedSearch planned, ConfigurationGrid grid,
                                        Optional<StoredSearch> stored) {
        List<SearchStep> first = stored.isPresent()
                ? stored.get().trace().stream().filter(step -> step.phase() == SearchStep.Phase.STORED).toList()
                : storedTrialsOf(planned);
        store.beginSearch(planned.searchId(), planned.cell().label(), planned.nMax(), first);
        Set<String> seen = new HashSet<>();
        first.forEach(step -> step.trials().forEach(t -> seen.add(t.hash())));
        // Each round takes the next configurations of one sequence, so no configuration is trained at two
        // sizes: a seed lucky at one N is lucky at every N, and outcomes of one configuration at several sizes
        // would not be the independent draws the posterior takes them for.
        AtomicInteger next = new AtomicInteger();
        int m = planned.training().configurationCount();
        SearchResult result = new AdaptiveSearch(plan.spec().search(), m, SuccessRates.anyOfGridLevel(m)).run(
                planned.nMax(), first, (index, n, count) -> {
                    List<TrialSpec> configurations = new ArrayList<>();
                    while (configurations.size() < count) {
                        TrialSpec spec = plan.adaptiveConfiguration(planned, n, next.getAndIncrement());
                        if (seen.add(CanonicalHash.trial(spec))) {
                            configurations.add(spec);
                        }
                    }
                    List<TrialOutcome> outcomes = grid.runEvery(configurations);
                    return new SearchStep(index, SearchStep.Phase.ADAPTIVE, n,
                            outcomes.stream().anyMatch(TrialOutcome::succeeded), outcomes);
                },
                step -> store.recordSearchStep(planned.searchId(), step));
        store.finishSearch(planned.searchId(), result);
        progress.searchFinished(label(planned), result);
        return result;
    }

    /**
     * Every stored trial of the planned search's cell and training settings at any size up to N_max, with any
     * of its learning rates and any seed, as one {@link SearchStep.Phase#STORED} step per size (sizes
     * ascending, trials in hash order): what a bracket search, success-rate mode or an earlier adaptive run
     * on this folder trained.
     */
    private List<SearchStep> storedTrialsOf(StudyPlan.PlannedSearch planned) {
        Map<Long, List<TrialOutcome>> bySize = new TreeMap<>();
        for (StoredTrial t : store.trials()) {
            TrialSpec s = t.spec();
            if (s.trainSize() < 1 || s.trainSize() > planned.nMax()
                    || !planned.training().learningRates().contains(s.learningRate())
                    || !CanonicalHash.trial(plan.configuration(planned, s.trainSize(), s.learningRate(), s.seed()))
                    .equals(t.hash())) {
                continue;
            }
            bySize.computeIfAbsent(s.trainSize(), n -> new ArrayList<>()).add(t.outcome());
        }
        List<SearchStep> steps = new ArrayList<>();
        bySize.forEach((n, trials) -> {
            trials.sort(Comparator.comparing(TrialOutcome::hash));
            steps.add(new SearchStep(steps.size(), SearchStep.Phase.STORED, n,
                    trials.stream().anyMatch(TrialOutcome::succeeded), trials));
        });
        return steps;
    }

    /** Budget checks name their step budget, so the two searches of a cell are told apart. */
    private String label(StudyPlan.PlannedSearch planned) {
        return planned.training().equals(plan.spec().training()) ? planned.cell().label()
                : planned.cell().label() + " (" + planned.training().steps() + " steps)";
    }

    private static boolean hasCancelledTrials(StoredSearch search) {
        return search.trace().stream().flatMap(step -> step.trials().stream())
                .anyMatch(t -> t.status() == TrialOutcome.Status.CANCELLED);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
