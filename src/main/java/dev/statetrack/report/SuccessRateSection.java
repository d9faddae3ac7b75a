package dev.statetrack.report;

import dev.statetrack.analysis.BinomialInterval;
import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.SuccessCount;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Entry;
import dev.statetrack.report.ReportDocument.Paragraph;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.report.ReportDocument.Table;
import dev.statetrack.search.AdaptiveSearch;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.ThresholdPosterior;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.study.Cell;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's "how sure is N*" sections, present when the study runs in success-rate mode or searches
 * adaptively (then with the posterior's intervals and each search's path).
 */
final class SuccessRateSection {

    private SuccessRateSection() {
    }

    static List<Section> of(StudyResults results) {
        StudyPlan plan = results.plan();
        int configurations = plan.spec().training().configurationCount();
        boolean adaptive = plan.spec().search().adaptive();
        List<Block> blocks = new ArrayList<>();
        if (adaptive) {
            blocks.add(new Paragraph(String.format(Locale.ROOT, "Adaptive search: a grid posterior over the success "
                    + "curve p(N) = 1/(1 + e^−s(ln N − ln N*₅₀)), one curve for the grid's configurations, updated on "
                    + "every stored trial of the cell and then on rounds that each train the size and number of "
                    + "configurations expected to reduce the entropy of ln N*₅₀ the most per trial. It stops when "
                    + "the 95%% interval of N*₅₀ has upper ≤ (1 + tolerance)²·lower = %s·lower, or after %d "
                    + "configurations. N*₅₀: where p = ½. N*_any: where some of the %d configurations succeeds with "
                    + "probability ½, 1 − (1 − p)^%d = ½, the paper's notion; \"N* (search)\" is its median. "
                    + "Intervals: 95%% credible intervals (central) of the posterior; the curve drawn is the "
                    + "posterior medians of location and slope. %s",
                    ReportBuilder.number(Math.pow(1 + plan.spec().search().tolerance(), 2)),
                    plan.spec().search().maxTrials(), configurations, configurations, SuccessRates.ASSUMPTION)));
        } else {
            blocks.add(new Paragraph(String.format(Locale.ROOT, "Every configuration of every size tried ran to its own "
                    + "success or budget, so each N has a count k of n = %d. The curve is a logistic fit of the success "
                    + "probability p in log N (maximum likelihood with Firth's penalty, finite even when the counts "
                    + "separate). N*₅₀: where p = ½. N*_any: where some of the %d configurations succeeds with "
                    + "probability ½, 1 − (1 − p)^%d = ½, the quantity the search estimates. Intervals: 95%%, from %d "
                    + "bootstrap resamples of the configurations (expanded percentile). They assume configurations are "
                    + "exchangeable draws; with few of them (fewer than about 10) they are too narrow. %s",
                    configurations, configurations, configurations, SuccessRates.REPLICATES, SuccessRates.ASSUMPTION)));
        }
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            Optional<SuccessRates> rates = results.successRates(s);
            Cell c = s.cell();
            List<Entry> row = new ArrayList<>(List.of(Entry.plain(c.model().name()), Entry.plain(c.group()),
                    Entry.plain(c.format().id()), Entry.plain(c.distribution().id()), Entry.plain(c.maxLength()),
                    new Entry(NStarText.of(results.search(s)), NStarText.anchor(s.searchId()))));
            if (rates.isEmpty()) {
                row.addAll(List.of(Entry.plain("—"), Entry.plain("—"), Entry.plain("search not finished")));
            } else {
                SuccessRates r = rates.get();
                if (r.fit().isPresent()) {
                    row.add(Entry.plain(sizeInterval(r.median(), r)));
                    row.add(Entry.plain(sizeInterval(r.anyOfGrid(), r)));
                    row.add(Entry.plain(ReportBuilder.number(r.fit().get().slope())));
                } else {
                    // Only N_max was tried; if nothing succeeded there, both thresholds lie beyond it.
                    String beyond = r.counts().stream().allMatch(count -> count.successes() == 0)
                            ? "> " + r.largestSize() : "—";
                    row.addAll(List.of(Entry.plain(beyond), Entry.plain(beyond), Entry.plain("no fit (one size tried)")));
                }
            }
            rows.add(row);
        }
        blocks.add(new Table(List.of("model", "group", "format", "distribution", "L", "N* (search)",
                "N*₅₀ [95%]", "N*_any [95%]", "slope in ln N"), rows));
        if (!plan.kappaTargets().isEmpty()) {
            blocks.add(new Paragraph(adaptive
                    ? "κ under the same model: Σ_n N*_any,n / N*_any,joint from the terms' posterior medians, with a "
                    + "95% credible interval from " + StudyResults.KAPPA_DRAWS + " independent draws of each term's "
                    + "posterior. Only where every term is learnt; it carries N*_any's assumption."
                    : "κ under the same model: Σ_n N*_any,n / N*_any,joint, with a 95% interval "
                    + "from a paired bootstrap: every term is trained with the same configurations, so each "
                    + "resample draws the configurations once and uses that draw in every term and the joint. "
                    + "Only where every term has a finite N*_any; it carries N*_any's assumption."));
            List<List<Entry>> kappaRows = new ArrayList<>();
            for (StudyPlan.KappaTarget t : plan.kappaTargets()) {
                kappaRows.add(List.of(Entry.plain(t.model().name()), Entry.plain(t.format().id()),
                        Entry.plain(t.group()), Entry.plain(t.maxLength()), Entry.plain(results.kappa(t).display()),
                        Entry.plain(results.kappaInterval(t).map(SuccessRateSection::kappaInterval)
                                .orElse("— (a term has no finite N*_any)"))));
            }
            blocks.add(new Table(List.of("model", "format", "group", "L", "κ (search)", "κ from N*_any [95%]"),
                    kappaRows));
        }
        for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
            results.successRates(s).ifPresent(r -> blocks.add(SuccessRateChart.of(s.cell().label(),
                    "success-rate-" + s.cell().label().replaceAll("[^A-Za-z0-9]+", "-"), r)));
        }
        List<Section> sections = new ArrayList<>(List.of(new Section("success-rates", adaptive
                ? "How sure is N*: the adaptive search's posterior" : "How sure is N*: success rates", 2, blocks),
                countsSection(results)));
        if (adaptive) {
            sections.add(pathSection(results));
        }
        return sections;
    }

    /** Each adaptive search's rounds: the size, the outcomes and the interval of N*₅₀ after the round. */
    private static Section pathSection(StudyResults results) {
        StudyPlan plan = results.plan();
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            List<SearchStep> trace = results.result(s).map(SearchResult::trace).orElse(List.of());
            List<ThresholdPosterior.Credible> intervals = AdaptiveSearch.intervalsAfterEachStep(s.nMax(),
                    plan.spec().search().tolerance(), trace);
            for (int i = 0; i < trace.size(); i++) {
                SearchStep step = trace.get(i);
                long successes = step.trials().stream().filter(TrialOutcome::succeeded).count();
                long trained = step.trials().stream().filter(t -> t.status() == TrialOutcome.Status.TRAINED).count();
                ThresholdPosterior.Credible c = intervals.get(i);
                rows.add(List.of(new Entry(s.cell().label(), NStarText.anchor(s.searchId())),
                        Entry.plain(step.index() + 1), Entry.plain(step.phase().id()), Entry.plain(step.trainSize()),
                        Entry.plain(successes + "/" + step.trials().size()), Entry.plain(trained),
                        Entry.plain(String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", c.estimate(), c.lower(),
                                c.upper()))));
            }
        }
        return new Section("adaptive-path", "Adaptive searches: the path", 3, List.of(
                new Paragraph("Each search's steps in order: \"stored\" steps are the trials the store held for the "
                        + "cell when the search began (one per size), \"adaptive\" steps the rounds it chose. k/n: "
                        + "successes of the configurations seen at that step; trained: how many of them this study "
                        + "trained (the rest came from the store); N*₅₀ after the step: the posterior median with "
                        + "its 95% credible interval, replayed from the stored outcomes."),
                new Table(List.of("search", "step", "phase", "N", "k/n", "trained", "N*₅₀ after [95%]"), rows)));
    }

    private static Section countsSection(StudyResults results) {
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : results.plan().searches()) {
            Map<Double, List<SuccessCount>> byRate = results.successCountsByLearningRate(s);
            List<SuccessCount> pooled = results.successRates(s).map(SuccessRates::counts).orElse(List.of());
            for (int i = 0; i < pooled.size(); i++) {
                SuccessCount c = pooled.get(i);
                if (c.trials() == 0) {
                    continue;
                }
                BinomialInterval wilson = BinomialInterval.wilson(c.successes(), c.trials(), SuccessRates.CONFIDENCE);
                BinomialInterval exact = BinomialInterval.clopperPearson(c.successes(), c.trials(),
                        SuccessRates.CONFIDENCE);
                rows.add(List.of(new Entry(s.cell().label(), NStarText.anchor(s.searchId())),
                        Entry.plain(c.trainSize()), Entry.plain(c.successes() + "/" + c.trials()),
                        Entry.plain(ReportBuilder.fixed3(c.rate())), Entry.plain(perLearningRate(byRate, i)),
                        Entry.plain(probabilityInterval(wilson)), Entry.plain(probabilityInterval(exact))));
            }
        }
        return new Section("success-counts", "Success counts per sample size", 3, List.of(
                new Paragraph("Each row: the configurations that succeeded at one N, pooled and per learning rate "
                        + "(its seeds pooled), with 95% Wilson and Clopper–Pearson (exact, never below nominal "
                        + "coverage) intervals of the pooled rate. The pooled intervals treat the configurations as "
                        + "independent trials of one success probability; where the per-learning-rate counts differ "
                        + "widely, the rate depends on the learning rate and the pooled rate is an average over the "
                        + "grid, not one probability."),
                new Table(List.of("search", "N", "k/n", "rate", "k/n per learning rate", "Wilson 95%",
                        "Clopper–Pearson 95%"), rows)));
    }

    /** "1e-3: 4/5, 1e-4: 1/5": each learning rate's count at the size with index {@code sizeIndex}. */
    private static String perLearningRate(Map<Double, List<SuccessCount>> byRate, int sizeIndex) {
        List<String> parts = new ArrayList<>();
        byRate.forEach((rate, counts) -> {
            SuccessCount c = counts.get(sizeIndex);
            parts.add(ReportBuilder.number(rate) + ": " + c.successes() + "/" + c.trials());
        });
        return String.join(", ", parts);
    }

    /** A size with its interval, as bounds where it lies outside the sizes tried (an extrapolation). */
    static String sizeInterval(IntervalEstimate e, SuccessRates rates) {
        if (Double.isNaN(e.estimate())) {
            return "—";
        }
        String lower = Double.isNaN(e.lower()) ? "?" : size(e.lower(), rates);
        String upper = Double.isNaN(e.upper()) ? "?" : size(e.upper(), rates);
        return size(e.estimate(), rates) + " [" + lower + ", " + upper + "]";
    }

    private static String size(double n, SuccessRates rates) {
        if (n < rates.smallestSize()) {
            return "< " + rates.smallestSize();
        }
        if (n > rates.largestSize()) {
            return "> " + rates.largestSize();
        }
        return String.format(Locale.ROOT, "%.0f", n);
    }

    private static String kappaInterval(IntervalEstimate k) {
        return ReportBuilder.number(k.estimate()) + " [" + ReportBuilder.number(k.lower()) + ", "
                + ReportBuilder.number(k.upper()) + "]";
    }

    private static String probabilityInterval(BinomialInterval i) {
        return "[" + ReportBuilder.fixed3(i.lower()) + ", " + ReportBuilder.fixed3(i.upper()) + "]";
    }
}
