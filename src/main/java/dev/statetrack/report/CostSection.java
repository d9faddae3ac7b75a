package dev.statetrack.report;

import dev.statetrack.model.ModelFlops;
import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Entry;
import dev.statetrack.report.ReportDocument.Paragraph;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.report.ReportDocument.Table;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.Progress;
import dev.statetrack.study.SearchCost;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.TrainingGrid;
import dev.statetrack.train.InferenceCost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The report's cost section: beside each N*, the training compute spent to reach it and what the model
 * costs per token at inference, so one page answers "how much data, how much training compute, how
 * much per token".
 */
final class CostSection {

    private CostSection() {
    }

    static Section of(StudyResults results, List<InferenceCost> measured) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("FLOPs count matrix products only, a multiply-add as 2; a training step is taken "
                + "as 3 × its forward pass. A sample costs as many positions as its batch is padded to: the input "
                + "length at L (at batch 64 almost every batch holds a sample of length L; for short-to-long "
                + "training sets of short sequences this overstates). Inference: with a cache (the transformer's "
                + "keys and values, a recurrent model's state) a token costs one step; without, a forward pass "
                + "over the whole prefix."));
        blocks.add(trainingTable(results));
        blocks.addAll(inference(results, measured));
        return new Section("cost", "Cost: training compute to reach N*, and inference per token", 2, blocks);
    }

    private static Table trainingTable(StudyResults results) {
        StudyPlan plan = results.plan();
        List<List<Entry>> rows = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
            Optional<SearchResult> result = results.result(s);
            if (result.isEmpty()) {
                continue;
            }
            TrainingGrid training = s.training();
            int vocab = plan.groupOrder(s.cell().group()) + 2;
            int tokens = s.cell().format().inputLength(s.cell().maxLength());
            long perStep = training.batchSize() * ModelFlops.trainingPerSample(s.cell().model().spec(), vocab, tokens);
            List<Entry> row = new ArrayList<>(List.of(Entry.plain(s.cell().model().name()),
                    Entry.plain(s.cell().format().id()), Entry.plain(s.cell().distribution().id()),
                    Entry.plain(s.cell().group()), Entry.plain(s.cell().maxLength()),
                    new Entry(NStarText.of(results.search(s)), NStarText.anchor(s.searchId()))));
            Optional<TrialOutcome> learnt = runThatLearntAtNStar(result.get());
            row.add(Entry.plain(learnt.map(t -> Integer.toString(t.result().steps())).orElse("—")));
            row.add(Entry.plain(learnt.map(t -> flops((long) t.result().steps() * perStep)).orElse("—")));
            row.add(Entry.plain(learnt.map(t -> Progress.duration(t.result().wallMillis())).orElse("—")));
            SearchCost total = SearchCost.of(result.get(), training);
            row.add(Entry.plain(total.trialsRun()));
            row.add(Entry.plain(total.stepsExecuted()));
            row.add(Entry.plain(flops(total.stepsExecuted() * perStep)));
            row.add(Entry.plain(Progress.duration(total.trialWallMillis())));
            rows.add(row);
        }
        return new Table(List.of("model", "format", "distribution", "group", "L", "N*", "steps to learn at N*",
                "FLOPs to learn at N*", "wall time", "search: trials", "search: steps", "search: FLOPs",
                "search: training time"), rows);
    }

    /** The succeeding trial at N* that needed the fewest steps: one training run that learns from N* samples. */
    private static Optional<TrialOutcome> runThatLearntAtNStar(SearchResult result) {
        if (!result.learnable()) {
            return Optional.empty();
        }
        return result.trace().stream().filter(step -> step.trainSize() == result.nStar() && step.success())
                .map(SearchStep::trials).flatMap(List::stream).filter(TrialOutcome::succeeded)
                .min(Comparator.comparingInt(t -> t.result().steps()));
    }

    private static List<Block> inference(StudyResults results, List<InferenceCost> measured) {
        StudyPlan plan = results.plan();
        if (measured.isEmpty()) {
            int vocab = plan.spec().groups().stream().mapToInt(plan::groupOrder).max().orElseThrow() + 2;
            TreeSet<Integer> lengths = new TreeSet<>();
            for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
                lengths.add(s.cell().format().inputLength(s.cell().maxLength()));
            }
            List<List<Entry>> rows = new ArrayList<>();
            for (ModelEntry model : plan.spec().models()) {
                for (int length : lengths) {
                    rows.add(List.of(Entry.plain(model.name()),
                            Entry.plain(ModelFlops.parameters(model.spec(), vocab, lengths.last())),
                            Entry.plain(length),
                            Entry.plain(flops(ModelFlops.decodingPerToken(model.spec(), vocab, length, true))),
                            Entry.plain(flops(ModelFlops.decodingPerToken(model.spec(), vocab, length, false)))));
                }
            }
            return List.of(new Paragraph("Inference FLOPs per token at the study's input lengths (vocabulary of "
                            + "its largest group). No measured latency or memory yet: 'statetrack cost DIR' on this "
                            + "study folder measures them and the report then shows them here."),
                    new Table(List.of("model", "parameters", "length", "FLOPs per token, cached",
                            "FLOPs per token, no cache"), rows));
        }
        List<List<Entry>> rows = new ArrayList<>();
        for (InferenceCost r : measured) {
            rows.add(List.of(Entry.plain(r.model()), Entry.plain(r.parameters()), Entry.plain(r.length()),
                    Entry.plain(r.batch()), Entry.plain(r.cache() ? "yes" : "no"),
                    Entry.plain(r.measured() ? String.format(Locale.ROOT, "%.3g", r.msPerToken()) : "skipped: "
                            + r.skipped()),
                    Entry.plain(r.measured() ? String.format(Locale.ROOT, "%.3g", r.peakBytes() / (1024.0 * 1024))
                            : "—"),
                    Entry.plain(flops(r.flopsPerToken()))));
        }
        InferenceCost first = measured.get(0);
        List<Block> blocks = new ArrayList<>(List.of(
                new Paragraph(String.format(Locale.ROOT, "Inference, measured by 'statetrack cost' on %s with %d "
                        + "thread(s), median of %d repeats: the step that generates the token at position 'length' "
                        + "for every sequence of the batch, per token; memory is the largest sum of live tensors "
                        + "during the step (parameters, cache or state, activations).", first.machine(),
                        first.threads(), first.repeats())),
                new Table(List.of("model", "parameters", "length", "batch", "cache", "ms per token",
                        "peak MiB", "FLOPs per token"), rows)));
        blocks.addAll(CostCharts.figures(measured));
        return blocks;
    }

    private static String flops(long flops) {
        return String.format(Locale.ROOT, "%.3g", (double) flops);
    }
}
