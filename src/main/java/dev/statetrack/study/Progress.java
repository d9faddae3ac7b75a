package dev.statetrack.study;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.train.TrialSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress lines on stderr. The ETA multiplies the mean measured training time by an estimate of
 * the trials still to train (searches left × trials per finished search, plus probe trials left),
 * divided among the workers. Until a search has finished there is no measure of how many sample sizes a
 * search tries (from one to S), so no ETA is shown: a guess was off by a factor of five on the quick preset.
 */
public final class Progress {

    private final PrintWriter out;
    private final int workers;
    private int totalSearches;
    private final int totalProbes;
    private final long probeTrials;
    private final long startNanos = System.nanoTime();

    private long storedAtStart;
    private int trained;
    /** Stored trials that open searches and probes asked for again. */
    private int stored;
    /** Trials of searches that had finished before this run: not asked for again, counted so none look lost. */
    private long inFinishedSearches;
    private int cancelled;
    private long trainedMillis;
    private int searchesDone;
    private long trialsInDoneSearches;
    private int probesDone;
    private long probeTrialsDone;

    public Progress(PrintWriter out, int workers, StudyPlan plan) {
        this.out = out;
        this.workers = workers;
        this.totalSearches = plan.searches().size();
        this.totalProbes = plan.probes().size();
        this.probeTrials = plan.probes().stream().mapToLong(p -> p.configurations().size()).sum();
    }

    /** @param storedAtStart trials in the run store before this run */
    public synchronized void start(long maxTrials, long storedAtStart) {
        this.storedAtStart = storedAtStart;
        out.printf(Locale.ROOT, "[statetrack] %d searches, %d probes, at most %d trials, %d worker%s, %d trials stored%n",
                totalSearches, totalProbes, maxTrials, workers, workers == 1 ? "" : "s", storedAtStart);
    }

    public synchronized void trialFinished(TrialOutcome outcome) {
        switch (outcome.status()) {
            case STORED, DERIVED -> stored++;
            case CANCELLED -> cancelled++;
            case TRAINED -> {
                trained++;
                trainedMillis += outcome.result().wallMillis();
                TrialSpec s = outcome.spec();
                out.printf(Locale.ROOT, "%s | %s %s %s %s L=%d N=%d lr=%s seed=%d: %s in %s%n", status(),
                        s.model().kind(), s.group(), s.format().id(), s.distribution().id(), s.maxLength(),
                        s.trainSize(), s.learningRate(), s.seed(), verdict(outcome),
                        duration(outcome.result().wallMillis()));
            }
        }
    }

    /** A search not counted at the start (a budget check, run only after a finite N*) is now due. */
    public synchronized void searchScheduled() {
        totalSearches++;
    }

    public synchronized void searchFinished(String label, SearchResult result) {
        searchesDone++;
        trialsInDoneSearches += settledTrials(result);
        report(label, result);
    }

    /** A search a previous run finished: its trials are reused without being asked for. */
    public synchronized void searchReused(String label, SearchResult result) {
        inFinishedSearches += settledTrials(result);
        searchFinished(label, result);
    }

    /** One line for the end of a run: what it trained and reused, and how many trials the store holds. */
    public synchronized String summary(long storedNow) {
        return String.format(Locale.ROOT, "Trials: %d trained in this run, %d reused by open searches and probes, %d in "
                        + "searches finished before this run, %d cancelled; %d stored in all.", trained, stored,
                inFinishedSearches, cancelled, storedNow);
    }

    private static long settledTrials(SearchResult result) {
        return result.trace().stream()
                .mapToLong(s -> s.trials().stream().filter(t -> t.status() != TrialOutcome.Status.CANCELLED).count())
                .sum();
    }

    private void report(String label, SearchResult result) {
        String verdict = result.learnable() ? "N* = " + result.nStar() + " (" + result.stopReason().id() + ")"
                : "not learnable within budget (N_max = " + result.nMax() + ")";
        out.printf(Locale.ROOT, "%s | search %s: %s%n", status(), label, verdict);
    }

    public synchronized void probeFinished(String label, int trials) {
        probesDone++;
        probeTrialsDone += trials;
        out.printf(Locale.ROOT, "%s | length generalisation %s done%n", status(), label);
    }

    private String status() {
        return String.format(Locale.ROOT, "[statetrack] trained %d, reused %d (+%d in finished searches), cancelled %d"
                        + " | stored %d | searches %d/%d | probes %d/%d | elapsed %s | ETA %s", trained, stored,
                inFinishedSearches, cancelled, storedAtStart + trained, searchesDone, totalSearches, probesDone,
                totalProbes, duration(elapsedMillis()), eta());
    }

    private String eta() {
        if (trained == 0) {
            return "unknown until a trial finishes";
        }
        if (searchesDone == 0 && totalSearches > 0) {
            return "unknown until a search finishes";
        }
        double perSearch = searchesDone > 0 ? (double) trialsInDoneSearches / searchesDone : 0;
        double remaining = (totalSearches - searchesDone) * perSearch + (probeTrials - probeTrialsDone);
        return "~" + duration(Math.round(remaining * trainedMillis / trained / workers));
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String verdict(TrialOutcome outcome) {
        if (outcome.result().failureReason() != null) {
            return "failed (" + outcome.result().failureReason() + ")";
        }
        return outcome.result().success() ? "success" : "no success";
    }

    public static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toHours() > 0) {
            return d.toHours() + "h" + String.format(Locale.ROOT, "%02dm", d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + String.format(Locale.ROOT, "%02ds", d.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
