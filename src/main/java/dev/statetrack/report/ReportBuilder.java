package dev.statetrack.report;

import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.NStarComparison;
import dev.statetrack.analysis.NStarGrowth;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Entry;
import dev.statetrack.report.ReportDocument.Paragraph;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.report.ReportDocument.Table;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.Provenance;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.study.Cell;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.SearchCost;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.StudySpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.InferenceCost;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import dev.statetrack.store.CanonicalHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Decides what the report says; the renderers only decide how it looks. */
final class ReportBuilder {

    private final StudyResults results;
    private final StudyPlan plan;
    private final StudySpec spec;

    private ReportBuilder(StudyResults results) {
        this.results = results;
        this.plan = results.plan();
        this.spec = plan.spec();
    }

    /** @param inferenceCosts what 'statetrack cost' measured for the study's models; may be empty */
    static ReportDocument build(StudyResults results, int storedTrials, List<InferenceCost> inferenceCosts) {
        return new ReportBuilder(results).document(storedTrials, inferenceCosts);
    }

    private ReportDocument document(int storedTrials, List<InferenceCost> inferenceCosts) {
        List<Section> sections = new ArrayList<>();
        sections.add(overview(storedTrials));
        sections.add(summary());
        if (spec.analyses().nstar()) {
            sections.add(nStarTable());
            sections.add(new Section("nstar-charts", "N* charts", 2, new ArrayList<>(concat(
                    Charts.nStarByGroupOrder(results), Charts.nStarByLength(results)))));
        }
        sections.add(CostSection.of(results, inferenceCosts));
        if (!plan.kappaTargets().isEmpty()) {
            sections.add(kappaTable());
            for (StudyPlan.KappaTarget target : plan.kappaTargets()) {
                sections.add(kappaTerms(target));
            }
        }
        if (!plan.probes().isEmpty()) {
            sections.add(generalisationTable());
        }
        if (spec.search().successRate() || spec.search().adaptive()) {
            sections.addAll(SuccessRateSection.of(results));
        }
        sections.add(new Section("searches", "Searches: the trials behind every N*", 2, List.of(new Paragraph(
                "Each search lists every sample size it tried, in order, and every configuration trial with its "
                        + "hash in the run store (runs.sqlite, table trials). Cancelled trials were stopped or never "
                        + "started because a sibling configuration had already succeeded; they are not outcomes. "
                        + "Derived trials were not trained: a stored run of the same configuration with another step "
                        + "budget succeeded or was pruned at a step both budgets reach, so it is the same run with the "
                        + "same outcome (wall 0)."))));
        for (StudyPlan.PlannedSearch s : plan.allSearches()) {
            sections.add(searchTrace(s));
        }
        for (StudyPlan.GeneralisationProbe probe : plan.probes()) {
            sections.add(probeTrials(probe));
        }
        return new ReportDocument("statetrack study: " + spec.name(), sections);
    }

    private Section overview(int storedTrials) {
        long finished = plan.searches().stream().filter(s -> results.result(s).isPresent()).count();
        List<Block> blocks = new ArrayList<>();
        if (!spec.description().isBlank()) {
            blocks.add(new Paragraph(spec.description()));
        }
        blocks.add(new Paragraph(String.format(Locale.ROOT,
                "Generated %s by statetrack %s. %d of %d searches finished; %d trials in the run store.",
                Instant.now().toString(), Provenance.currentToolVersion(), finished, plan.searches().size(),
                storedTrials)));
        blocks.add(new Paragraph(String.format(Locale.ROOT,
                "A trial succeeds when its validation loss falls below ε = %s within %d steps of batch %d "
                        + "(validation every %d steps). A sample size N succeeds when any of its %d configurations "
                        + "(learning rates %s × seeds %s) succeeds. N* is the smallest succeeding N found by the "
                        + "search: start at N_max = min(steps × batch, available sequences), divide by M = %d while "
                        + "succeeding, then bisect on a log scale until hi ≤ %s·lo or hi − lo ≤ 1, trying at most "
                        + "S = %d sample sizes. A cell whose N_max fails is not learnable within budget.",
                number(spec.training().epsilon()), spec.training().steps(), spec.training().batchSize(),
                spec.training().evalEvery(), spec.training().configurationCount(),
                spec.training().learningRates().stream().map(ReportBuilder::number).toList(),
                spec.training().seeds(), spec.search().divisor(), number(1 + spec.search().tolerance()),
                spec.search().maxSampleSizes())));
        if (spec.search().adaptive()) {
            blocks.add(new Paragraph(String.format(Locale.ROOT, "This study searches adaptively instead "
                    + "(search method adaptive): N* below is the posterior median of N*_any, the size at which some "
                    + "configuration succeeds with probability ½, from a Bayesian adaptive design that stops when the "
                    + "95%% interval of N*₅₀ is within the tolerance (upper ≤ %s·lower) or after %d configurations; "
                    + "\"How sure is N*\" gives both with their intervals and each search's path.",
                    number(Math.pow(1 + spec.search().tolerance(), 2)), spec.search().maxTrials())));
        }
        if (spec.training().prune() != null) {
            PruneRule rule = spec.training().prune();
            blocks.add(new Paragraph(String.format(Locale.ROOT, "Pruning is on: a trial whose best validation loss "
                    + "has not fallen by more than %s of itself for %d steps (from step %d on) stops there and "
                    + "counts as a failure; its failure reason names the step.", number(rule.minDelta()),
                    rule.patience(), rule.minSteps())));
        }
        blocks.add(new Paragraph(SearchCost.of(results).describe()));
        return new Section("overview", "Overview", 2, blocks);
    }

    /** Counts computed from the store; the sections below hold the numbers behind them. */
    private Section summary() {
        List<Block> blocks = new ArrayList<>();
        if (spec.analyses().nstar() && spec.models().size() > 1) {
            blocks.add(new Paragraph("Which model needs less data (N* grid, cell by cell; a difference within the "
                    + "search tolerance is not counted as one" + (spec.search().successRate() || spec.search().adaptive()
                    ? ", nor one whose 95% intervals of N*_any overlap (see \"How sure is N*\")" : "") + "):"));
            for (NStarComparison c : results.comparisons()) {
                blocks.add(new Paragraph(c.describe()));
            }
        }
        if (spec.analyses().nstar() && spec.lengths().size() > 1) {
            blocks.addAll(growthWithLength());
        }
        if (!plan.kappaTargets().isEmpty()) {
            blocks.add(new Paragraph("κ: " + kappaCounts(plan.kappaTargets().stream().map(results::kappa).toList(),
                    plan.kappaTargets().size())));
            List<SharingFactor> fromThree = plan.kappaTargets().stream().map(results::kappaFromThree)
                    .flatMap(Optional::stream).toList();
            if (!fromThree.isEmpty()) {
                blocks.add(new Paragraph("κ over 3..L (the variant without the multiplication-table term; "
                        + "see \"Sharing factor κ\"): " + kappaCounts(fromThree, fromThree.size())));
            }
        }
        if (!plan.probes().isEmpty()) {
            int measured = 0;
            int aboveHalf = 0;
            for (StudyPlan.GeneralisationProbe p : plan.probes()) {
                Optional<LengthGeneralisation> lg = results.generalisation(p);
                if (lg.isPresent() && !Double.isNaN(lg.get().normalisedAtProbe())) {
                    measured++;
                    aboveHalf += lg.get().normalisedAtProbe() > 0.5 ? 1 : 0;
                }
            }
            blocks.add(new Paragraph(String.format(Locale.ROOT, "Length generalisation: %d of %d model × format "
                    + "settings measured at 2L; %d keep more than half of perfect accuracy there (normalised > 0.5).",
                    measured, plan.probes().size(), aboveHalf)));
        }
        return new Section("summary", "At a glance", 2, blocks);
    }

    /**
     * Per model × format, how N* grows from each length of the grid to the next, per group and
     * distribution: the measured ratio with the range the two brackets allow (analysis/NStarGrowth).
     */
    private List<Block> growthWithLength() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("How N* grows with the maximum length L (N* at the longer length divided by N* at the "
                + "shorter; the range is what the two searches' brackets allow):"));
        List<Integer> lengths = spec.lengths().stream().sorted().toList();
        for (ModelEntry model : spec.models()) {
            for (Format format : spec.formats()) {
                List<String> parts = new ArrayList<>();
                for (String group : spec.groups()) {
                    for (LengthDistribution distribution : spec.distributions()) {
                        for (int i = 0; i + 1 < lengths.size(); i++) {
                            Optional<SearchResult> shorter = gridResult(new Cell(model, group, format, distribution,
                                    lengths.get(i)));
                            Optional<SearchResult> longer = gridResult(new Cell(model, group, format, distribution,
                                    lengths.get(i + 1)));
                            if (shorter.isPresent() && longer.isPresent()) {
                                parts.add(String.format(Locale.ROOT, "%s %s L=%d→%d: %s [N* %s → %s]", group,
                                        distribution.id(), lengths.get(i), lengths.get(i + 1),
                                        NStarGrowth.of(shorter.get(), longer.get()).describe(),
                                        bracket(shorter.get()), bracket(longer.get())));
                            }
                        }
                    }
                }
                if (!parts.isEmpty()) {
                    blocks.add(new Paragraph(model.name() + " / " + format.id() + ": " + String.join("; ", parts)
                            + "."));
                }
            }
        }
        return blocks;
    }

    private Optional<SearchResult> gridResult(Cell cell) {
        return plan.gridSearches().stream().filter(s -> s.cell().equals(cell)).findFirst().flatMap(results::result);
    }

    /** A search's N* with the bracket it rests on: "620 in (459, 620]", "≤ 310", "> 1239". */
    private static String bracket(SearchResult r) {
        if (!r.learnable()) {
            return "> " + r.nMax();
        }
        if (r.unbracketed()) {
            return "≤ " + r.nStar();
        }
        return r.nStar() + " in (" + r.largestFailing() + ", " + r.nStar() + "]";
    }

    private Section nStarTable() {
        List<String> header = new ArrayList<>(List.of("model", "format", "distribution"));
        for (String group : spec.groups()) {
            for (int length : spec.lengths()) {
                header.add(group + " L=" + length);
            }
        }
        List<List<Entry>> rows = new ArrayList<>();
        List<StudyPlan.PlannedSearch> grid = plan.gridSearches();
        for (ModelEntry model : spec.models()) {
            for (Format format : spec.formats()) {
                for (LengthDistribution distribution : spec.distributions()) {
                    List<Entry> row = new ArrayList<>(List.of(Entry.plain(model.name()), Entry.plain(format.id()),
                            Entry.plain(distribution.id())));
                    for (String group : spec.groups()) {
                        for (int length : spec.lengths()) {
                            StudyPlan.PlannedSearch s = grid.stream().filter(g -> g.cell().model().equals(model)
                                    && g.cell().format() == format && g.cell().distribution() == distribution
                                    && g.cell().group().equals(group) && g.cell().maxLength() == length)
                                    .findFirst().orElseThrow();
                            row.add(searchEntry(s));
                        }
                    }
                    rows.add(row);
                }
            }
        }
        List<Block> blocks = new ArrayList<>(List.of(
                new Paragraph("Rows: model × format × distribution; columns: group × maximum length L. Each number "
                        + "links to its search and the trials behind it. \"≤ N\" marks a search that stopped at its "
                        + "step limit before any size failed: N* is at most N, not bracketed from below."),
                new Table(header, rows)));
        if (spec.analyses().budgetCheck()) {
            blocks.add(new Paragraph(budgetCheckSummary()));
        }
        return new Section("nstar", "N*: smallest training set that is learnt", 2, blocks);
    }

    private String budgetCheckSummary() {
        Map<BudgetCheck.Status, Long> counts = new EnumMap<>(BudgetCheck.Status.class);
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            counts.merge(results.budgetCheck(s).status(), 1L, Long::sum);
        }
        long checked = counts.getOrDefault(BudgetCheck.Status.STABLE, 0L)
                + counts.getOrDefault(BudgetCheck.Status.BUDGET_LIMITED, 0L)
                + counts.getOrDefault(BudgetCheck.Status.INCONCLUSIVE, 0L);
        return String.format(Locale.ROOT, "Budget check: for every search with a finite N*, the largest failing "
                        + "size below N* (N* / divisor where none failed) was tried again with twice the steps (%d "
                        + "instead of %d), and the search went further down only where it then succeeded. Of %d "
                        + "checked (of all %d searches, κ terms included): not limited by the budget %d (that size "
                        + "still failed, or N* moved within the search tolerance); budget-limited %d (N* fell by "
                        + "more than the tolerance, below the first search's bracket, so the first N* is an upper "
                        + "estimate of the data needed); inconclusive %d (a bracket too wide to tell); not "
                        + "finished %d.",
                2 * spec.training().steps(), spec.training().steps(), checked, plan.searches().size(),
                counts.getOrDefault(BudgetCheck.Status.STABLE, 0L),
                counts.getOrDefault(BudgetCheck.Status.BUDGET_LIMITED, 0L),
                counts.getOrDefault(BudgetCheck.Status.INCONCLUSIVE, 0L),
                counts.getOrDefault(BudgetCheck.Status.PENDING, 0L));
    }

    /** The N* text, with the budget check's verdict where it marks the cell. */
    private Entry searchEntry(StudyPlan.PlannedSearch s) {
        BudgetCheck check = results.budgetCheck(s);
        String mark = switch (check.status()) {
            case BUDGET_LIMITED -> " ⚠ budget-limited (" + check.nStarDoubled() + " with 2× steps)";
            default -> "";
        };
        return new Entry(NStarText.of(results.search(s)) + mark, NStarText.anchor(s.searchId()));
    }

    /** How many of the settings' κ are exact, ranges, bounds or undefined, and how many known to exceed 1. */
    private static String kappaCounts(List<SharingFactor> kappas, int settings) {
        Map<SharingFactor.Kind, Integer> kinds = new EnumMap<>(SharingFactor.Kind.class);
        int above = 0;
        for (SharingFactor k : kappas) {
            kinds.merge(k.kind(), 1, Integer::sum);
            // known to exceed 1: the smallest κ the terms' brackets allow does
            above += k.kind() != SharingFactor.Kind.UNDEFINED && k.lower() > 1 ? 1 : 0;
        }
        return String.format(Locale.ROOT, "exact for %d of %d model × format settings, only known within a range "
                        + "for %d (a term not bracketed within the tolerance), a lower bound for %d, an upper bound for "
                        + "%d, undefined for %d; %d are known to exceed 1 (data at one length helps the others).",
                kinds.getOrDefault(SharingFactor.Kind.EXACT, 0), settings,
                kinds.getOrDefault(SharingFactor.Kind.RANGE, 0), kinds.getOrDefault(SharingFactor.Kind.LOWER_BOUND, 0),
                kinds.getOrDefault(SharingFactor.Kind.UPPER_BOUND, 0), kinds.getOrDefault(SharingFactor.Kind.UNDEFINED, 0),
                above);
    }

    private Section kappaTable() {
        int longest = longestKappaLength(plan);
        List<String> header = new ArrayList<>(List.of("model", "format", "group", "L", "κ", "κ range",
                "κ over 3..L"));
        for (int n = 2; n <= longest; n++) {
            header.add("N*_" + n);
        }
        header.addAll(List.of("N*_joint", "why"));
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.KappaTarget t : plan.kappaTargets()) {
            SharingFactor kappa = results.kappa(t);
            List<Entry> row = new ArrayList<>(List.of(Entry.plain(t.model().name()), Entry.plain(t.format().id()),
                    Entry.plain(t.group()), Entry.plain(t.maxLength()), new Entry(kappa.display(), kappaAnchor(t)),
                    Entry.plain(kappa.range()), Entry.plain(results.kappaFromThree(t)
                            .map(SharingFactor::display).orElse(""))));
            for (int n = 2; n <= longest; n++) {
                row.add(n <= t.maxLength() ? termEntry(t.fixedByLength().get(n - 2)) : Entry.plain(""));
            }
            row.add(termEntry(t.joint()));
            row.add(Entry.plain(kappa.explanation()));
            rows.add(row);
        }
        List<Block> blocks = new ArrayList<>(List.of(
                new Paragraph("κ = (Σ_{n=2..L} N*_n with the fixed distribution at n) / N*_joint (uniform over "
                        + "2..L). Every term is shown: \"> N\" is a term not learnable within budget (N* > N_max = N), "
                        + "which turns κ into a bound (> or <) or makes it undefined, with the reason beside it; "
                        + "\"≤ N\" is a term whose search stopped at its step limit before any size failed, so its "
                        + "N* is only an upper bound. The range is what the terms' brackets (largest failure, "
                        + "smallest success) allow: κ is exact only when every term is bracketed within the search "
                        + "tolerance (or N* = 1), and otherwise shown with its range. Each term links to its search. "
                        + "\"κ over 3..L\" is a variant beside the paper's κ, not a replacement: Σ_{n=3..L} N*_n over "
                        + "the same N*_joint, leaving out the n = 2 term, which asks a model to complete the group's "
                        + "multiplication table from 80% of its entries (no training sequence holds a held-out pair), "
                        + "while at n ≥ 3 almost every pair inside a held-out sequence occurs in training. With one "
                        + "term fewer it is never larger than κ, so a variant known to exceed 1 shows κ does too."),
                new Table(header, rows)));
        Charts.kappa(results).ifPresent(blocks::add);
        return new Section("kappa", "Sharing factor κ", 2, blocks);
    }

    static int longestKappaLength(StudyPlan plan) {
        return plan.kappaTargets().stream().mapToInt(StudyPlan.KappaTarget::maxLength).max().orElse(1);
    }

    private Entry termEntry(StudyPlan.PlannedSearch s) {
        return new Entry(NStarText.term(results.search(s)), NStarText.anchor(s.searchId()));
    }

    private Section kappaTerms(StudyPlan.KappaTarget t) {
        List<List<Entry>> rows = new ArrayList<>();
        for (int i = 0; i < t.fixedByLength().size(); i++) {
            rows.add(List.of(Entry.plain("N*_" + (i + 2) + " (fixed, n = " + (i + 2) + ")"),
                    searchEntry(t.fixedByLength().get(i))));
        }
        rows.add(List.of(Entry.plain("N*_joint (uniform over 2.." + t.maxLength() + ")"), searchEntry(t.joint())));
        return new Section(kappaAnchor(t), "κ terms: " + t.model().name() + ", " + t.format().id() + ", "
                + t.group() + ", L=" + t.maxLength(), 3, List.of(new Table(List.of("term", "N*"), rows)));
    }

    private static String kappaAnchor(StudyPlan.KappaTarget t) {
        return ("kappa-" + t.model().name() + "-" + t.format().id() + "-" + t.group() + "-" + t.maxLength())
                .replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private Section generalisationTable() {
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.GeneralisationProbe p : plan.probes()) {
            Optional<LengthGeneralisation> lg = results.generalisation(p);
            String anchor = probeAnchor(p);
            if (lg.isEmpty()) {
                rows.add(List.of(Entry.plain(p.model().name()), Entry.plain(p.format().id()), Entry.plain(p.group()),
                        Entry.plain(p.maxLength()), Entry.plain(p.trainSize()),
                        new Entry("not available (no finished configuration with a finite loss)", anchor),
                        Entry.plain("—"), Entry.plain("—")));
                continue;
            }
            TrialOutcome chosen = lg.get().chosen();
            double raw = chosen.result().accuracyByLength().getOrDefault(lg.get().probeLength(), Double.NaN);
            rows.add(List.of(Entry.plain(p.model().name()), Entry.plain(p.format().id()), Entry.plain(p.group()),
                    Entry.plain(p.maxLength()), Entry.plain(p.trainSize()),
                    new Entry(fixed3(lg.get().normalisedAtProbe()), anchor), Entry.plain(fixed3(raw)),
                    Entry.plain("lr " + number(chosen.spec().learningRate()) + ", seed " + chosen.spec().seed()
                            + ", trial " + shortHash(chosen.hash()))));
        }
        List<Block> blocks = new ArrayList<>(List.of(
                new Paragraph("Each configuration is trained on the largest training set (N_max, uniform over "
                        + "2..L) and probed on fresh sequences of every length 2..2L. Reported: the configuration "
                        + "with the lowest best validation loss (selection on held-out data of the training lengths, "
                        + "never on the probe), measured on the weights of that best evaluation, the ones it was "
                        + "selected by. The probe's trials are its cell's search's trials at N_max. Normalised "
                        + "accuracy = (acc − 1/k)/(1 − 1/k): 0 is chance, 1 perfect."),
                new Table(List.of("model", "format", "group", "L", "N", "normalised accuracy at 2L",
                        "raw accuracy at 2L", "chosen configuration"), rows)));
        blocks.addAll(Charts.lengthGeneralisation(results));
        return new Section("length-generalisation", "Length generalisation", 2, blocks);
    }

    private static String probeAnchor(StudyPlan.GeneralisationProbe p) {
        return ("probe-" + p.model().name() + "-" + p.format().id() + "-" + p.group() + "-" + p.maxLength())
                .replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private Section searchTrace(StudyPlan.PlannedSearch s) {
        Optional<StoredSearch> stored = results.search(s);
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Result: " + NStarText.of(stored) + ". N_max = " + s.nMax()
                + stored.map(st -> st.result() == null ? "" : "; stopped: " + st.result().stopReason().id()).orElse("")
                + ". Search id " + s.searchId() + "." + plan.budgetCheck(s).map(check -> " Budget check: "
                + results.budgetCheck(s).status().id() + " (search " + check.searchId().substring(0, 12)
                + ", below).").orElse("")));
        if (stored.isPresent() && !stored.get().trace().isEmpty()) {
            List<List<Entry>> rows = new ArrayList<>();
            for (SearchStep step : stored.get().trace()) {
                for (TrialOutcome t : step.trials()) {
                    rows.add(trialRow(List.of(Entry.plain(step.index() + 1), Entry.plain(step.phase().id()),
                            Entry.plain(step.trainSize()), Entry.plain(step.success() ? "success" : "failure")),
                            t.hash(), t.spec(), t.status().id(), t.result()));
                }
            }
            blocks.add(new Table(withTrialColumns("step", "phase", "N", "N outcome"), rows));
            CurveCharts.of(stored.get(), s.training().epsilon(), "charts/curves-" + shortHash(s.searchId()) + ".png")
                    .ifPresent(blocks::add);
        }
        String budget = s.training().equals(spec.training()) ? ""
                : " (budget check: " + s.training().steps() + " steps)";
        return new Section(NStarText.anchor(s.searchId()), "Search: " + s.cell().label() + budget, 3, blocks);
    }

    private Section probeTrials(StudyPlan.GeneralisationProbe p) {
        List<List<Entry>> rows = new ArrayList<>();
        List<TrialOutcome> trials = results.probeTrials(p);
        for (int i = 0; i < trials.size(); i++) {
            TrialOutcome t = trials.get(i);
            Entry probe = Entry.plain(t == null ? "—" : t.result().accuracyByLength().entrySet().stream()
                    .map(e -> e.getKey() + ":" + fixed3(e.getValue())).reduce((a, b) -> a + " " + b).orElse("—"));
            TrialSpec spec = p.configurations().get(i);
            rows.add(t == null ? trialRow(List.of(probe), CanonicalHash.trial(spec), spec, "not stored yet", null)
                    : trialRow(List.of(probe), t.hash(), spec, t.status().id(), t.result()));
        }
        return new Section(probeAnchor(p), "Length-generalisation trials: " + p.model().name() + ", "
                + p.format().id() + ", " + p.group() + ", L=" + p.maxLength() + ", N=" + p.trainSize(), 3,
                List.of(new Table(withTrialColumns("accuracy by length"), rows)));
    }

    private static List<String> withTrialColumns(String... leading) {
        List<String> header = new ArrayList<>(List.of(leading));
        header.addAll(List.of("trial", "lr", "seed", "status", "success", "steps", "best val. loss",
                "val. accuracy", "wall", "failure"));
        return header;
    }

    /** @param spec null only for a cancelled trial the plan no longer generates (settings changed) */
    private static List<Entry> trialRow(List<Entry> leading, String hash, TrialSpec spec, String status,
                                        TrialResult r) {
        List<Entry> row = new ArrayList<>(leading);
        row.add(Entry.plain(shortHash(hash)));
        row.add(Entry.plain(spec == null ? "?" : number(spec.learningRate())));
        row.add(Entry.plain(spec == null ? "?" : Long.toString(spec.seed())));
        row.add(Entry.plain(status));
        row.add(Entry.plain(r == null ? "—" : r.success() ? "yes" : "no"));
        row.add(Entry.plain(r == null ? "—" : Integer.toString(r.steps())));
        row.add(Entry.plain(r == null ? "—" : number(r.bestValidationLoss())));
        row.add(Entry.plain(r == null ? "—" : fixed3(r.validationAccuracy())));
        row.add(Entry.plain(r == null ? "—" : String.format(Locale.ROOT, "%.1fs", r.wallMillis() / 1000.0)));
        row.add(Entry.plain(r == null || r.failureReason() == null ? "" : r.failureReason()));
        return row;
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /** Three significant digits without trailing zeros: 0.001, 1e-05, 2.5, 1.23e+06. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        boolean scientific = v != 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6);
        String text = String.format(Locale.ROOT, scientific ? "%.2e" : "%.3g", v);
        String mantissa = scientific ? text.substring(0, text.indexOf('e')) : text;
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return scientific ? mantissa + text.substring(text.indexOf('e')) : mantissa;
    }

    static String fixed3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    @SafeVarargs
    private static <T> List<T> concat(List<? extends T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
