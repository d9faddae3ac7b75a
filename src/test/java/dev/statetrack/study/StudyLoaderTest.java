package dev.statetrack.study;

import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyLoaderTest {

    static final String SMALL = """
            name: small
            models:
              - {kind: transformer, layers: 1, width: 16, heads: 2}
              - {name: lstm-small, kind: lstm, hidden: 8}
            groups: [Z3]
            formats: [outcome]
            distributions: [uniform]
            lengths: [4]
            training:
              steps: 100
              batch-size: 8
              epsilon: 1e-3
              eval-every: 10
              learning-rates: [1e-3, 0.01]
              seeds: [1, 2]
            """;

    @Test
    void readsAStudyWithDefaults() {
        StudySpec s = StudyLoader.parse(SMALL, "small.yaml");
        assertEquals("small", s.name());
        assertEquals(List.of("transformer", "lstm-small"), s.models().stream().map(ModelEntry::name).toList());
        assertEquals(8, s.models().get(1).spec().embedding(), "lstm embedding defaults to hidden");
        assertEquals(List.of(1e-3, 0.01), s.training().learningRates(), "1e-3 without a dot is a number");
        assertEquals(4, s.training().configurationCount());
        assertEquals(1000, s.search().divisor(), "search defaults to the paper's");
        assertTrue(s.analyses().nstar());
        assertEquals(null, s.analyses().kappa());
        assertFalse(s.analyses().budgetCheck(), "the budget check is asked for");
        assertTrue(StudyLoader.parse(SMALL + "analyses: {budget-check: true}\n", "t.yaml").analyses().budgetCheck());
        assertEquals(null, s.training().prune(), "no pruning unless asked for");
    }

    @Test
    void everyModelOnTheClassPathIsReadWithItsOwnKeysAndErrorsAtTheirLines() {
        StudySpec s = StudyLoader.parse(SMALL.replace("  - {name: lstm-small, kind: lstm, hidden: 8}",
                "  - {kind: gru, hidden: 8}\n  - {name: diag-signed, kind: diagonal-rnn, state: 8, eigenvalues: signed}\n"
                        + "  - {kind: householder-rnn, state: 8, beta-max: 2}"), "zoo.yaml");
        assertEquals(List.of("transformer", "gru", "diag-signed", "householder-rnn"),
                s.models().stream().map(ModelEntry::name).toList());
        assertEquals("signed", s.models().get(2).spec().option("eigenvalues"));
        assertEquals("2", s.models().get(3).spec().option("beta-max"));
        assertEquals("positive", StudyLoader.parse(SMALL.replace("kind: lstm, hidden: 8", "kind: diagonal-rnn, state: 8"),
                "d.yaml").models().get(1).spec().option("eigenvalues"), "the default range is written out");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> StudyLoader.parse(
                SMALL.replace("kind: lstm, hidden: 8", "kind: diagonal-rnn, state: 8, eigenvalues: negative"), "d.yaml"));
        assertTrue(bad.getMessage().startsWith("d.yaml:4:") && bad.getMessage().contains("models[1].eigenvalues: "
                + "'negative' is not allowed; allowed: positive, signed"), bad.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> StudyLoader.parse(
                SMALL.replace("kind: lstm, hidden: 8", "kind: gru, hidden: 8, heads: 2"), "g.yaml"));
        assertTrue(foreign.getMessage().contains("models[1].heads: unknown key; allowed here: name, kind, layers, hidden, "
                + "embedding"), foreign.getMessage());
    }

    @Test
    void aPruningRuleReachesEveryTrialAndOnlyThenItsIdentity() {
        StudySpec pruned = StudyLoader.parse(SMALL.replace("  eval-every: 10",
                "  eval-every: 10\n  prune: {patience: 40, min-delta: 0.01, min-steps: 20}"), "p.yaml");
        assertEquals(new PruneRule(40, 0.01, 20), pruned.training().prune());
        assertEquals(new PruneRule(40, 0, 0), StudyLoader.parse(SMALL.replace("  eval-every: 10",
                "  eval-every: 10\n  prune: {patience: 40}"), "p.yaml").training().prune());
        StudyPlan plan = StudyPlan.of(pruned, TaskSpace.catalog());
        TrialSpec trial = plan.searches().get(0).cell().configurations(plan.searches().get(0).training(), 50, 0).get(0);
        assertEquals(new PruneRule(40, 0.01, 20), trial.prune());
        StudyPlan unpruned = StudyPlan.of(StudyLoader.parse(SMALL, "s.yaml"), TaskSpace.catalog());
        assertNotEquals(unpruned.searches().get(0).searchId(), plan.searches().get(0).searchId(),
                "a pruned search is another search");
        assertMessage(SMALL.replace("  eval-every: 10", "  eval-every: 10\n  prune: {patience: 0}"),
                "small.yaml:14:21: training.prune.patience: must be a positive integer");
        assertMessage(SMALL.replace("  eval-every: 10", "  eval-every: 10\n  prune: {patience: 5, min-delta: 1.5}"),
                "small.yaml:14:35: training.prune.min-delta: must be a number in [0, 1), got 1.5");
        assertMessage(SMALL.replace("  eval-every: 10", "  eval-every: 10\n  prune: {after: 5}"),
                "small.yaml:14:18: training.prune.after: unknown key; allowed here:");
    }

    @Test
    void paperPresetIsThePapersGrid() {
        StudySpec p = StudyLoader.preset("paper");
        assertEquals(List.of(5, 10, 20, 30), p.lengths());
        assertEquals(List.of("Z2", "Z3", "Z5", "Z10", "Z15", "Z20", "Z50", "Z75", "Z100", "S5"), p.groups());
        assertEquals(List.of(Format.values()), p.formats());
        assertEquals(List.of(LengthDistribution.values()), p.distributions());
        assertEquals(250_000, p.training().steps());
        assertEquals(64, p.training().batchSize());
        assertEquals(1e-4, p.training().epsilon());
        assertEquals(List.of(1e-3, 1e-4, 1e-5), p.training().learningRates());
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), p.training().seeds());
        assertEquals(1000, p.search().divisor());
        assertEquals(20, p.search().maxSampleSizes());
        assertEquals(256, p.models().get(0).spec().width());
        assertEquals(6, p.models().get(0).spec().layers());
        assertEquals(768, p.models().get(1).spec().width());
        assertEquals(256, p.models().get(2).spec().width());
    }

    @Test
    void quickPresetCoversWhatItPromises() {
        StudySpec q = StudyLoader.preset("quick");
        assertEquals(Set.of("transformer", "lstm", "dense-ssm"), q.models().stream().map(m -> m.spec().kind()).collect(Collectors.toSet()));
        assertEquals(Set.of(Format.values()), Set.copyOf(q.formats()));
        StubTasks tasks = new StubTasks();
        assertTrue(q.groups().stream().map(tasks::groupOrder).distinct().count() >= 2, "two group sizes");
        assertTrue(q.groups().stream().anyMatch(g -> g.startsWith("S")), "a permutation group");
        assertTrue(q.analyses().nstar());
        assertNotNull(q.analyses().kappa());
        assertNotNull(q.analyses().lengthGeneralisation());
        assertTrue(q.analyses().budgetCheck());
        StudyPlan plan = StudyPlan.of(q, tasks);
        assertEquals(q.models().size() * q.formats().size(), plan.kappaTargets().size(), "κ for every model × format");
        assertFalse(plan.probes().isEmpty());
        Set<LengthDistribution> searched = plan.searches().stream().map(s -> s.cell().distribution())
                .collect(Collectors.toSet());
        assertTrue(searched.containsAll(Set.of(LengthDistribution.UNIFORM, LengthDistribution.FIXED)), searched.toString());
        for (String group : q.groups()) {
            assertTrue(plan.gridSearches().stream().filter(s -> s.cell().group().equals(group))
                    .map(s -> s.cell().maxLength()).distinct().count() >= 2, group + " at two lengths or more, to show growth");
        }
    }

    @Test
    void standardPresetIsAScaledDownPaperGridWithEveryAnalysis() {
        StudySpec s = StudyLoader.preset("standard");
        StudySpec q = StudyLoader.preset("quick");
        StubTasks tasks = new StubTasks();
        List<Integer> cyclicOrders = s.groups().stream().filter(g -> g.startsWith("Z")).map(tasks::groupOrder).toList();
        assertTrue(cyclicOrders.size() >= 3 && cyclicOrders.equals(cyclicOrders.stream().sorted().distinct().toList()),
                "several cyclic groups of growing order: " + cyclicOrders);
        assertTrue(s.groups().stream().anyMatch(g -> g.startsWith("S")), "a permutation group");
        assertTrue(s.lengths().containsAll(List.of(5, 10)));
        assertEquals(Set.of(Format.values()), Set.copyOf(s.formats()));
        assertEquals(Set.of(LengthDistribution.values()), Set.copyOf(s.distributions()));
        for (int i = 0; i < s.models().size(); i++) {
            assertEquals(q.models().get(i).spec().kind(), s.models().get(i).spec().kind());
            assertTrue(s.models().get(i).spec().width() > q.models().get(i).spec().width(), "larger models than quick");
        }
        assertTrue(s.training().steps() > q.training().steps(), "larger budgets than quick");
        assertNotNull(s.analyses().kappa());
        assertNotNull(s.analyses().lengthGeneralisation());
        assertTrue(s.analyses().budgetCheck() && q.analyses().budgetCheck(), "budget check on in both presets");
        assertFalse(StudyPlan.of(s, tasks).budgetChecks().isEmpty());
    }

    @Test
    void mistakesNameTheKeyTheValueAndWhatIsAllowed() {
        assertMessage(SMALL.replace("formats: [outcome]", "formats: [outcomes]"),
                "small.yaml:6:11: formats[0]: unknown format 'outcomes'; allowed: outcome, cot, acot");
        assertMessage(SMALL.replace("  eval-every: 10", "  eval-every: 10\n  warmup: 3"),
                "small.yaml:14:11: training.warmup: unknown key; allowed here:");
        assertMessage(SMALL.replace("[1e-3, 0.01]", "[1e-3, -1]"),
                "small.yaml:14:26: training.learning-rates[1]: must be a positive number, got -1");
        assertMessage(SMALL.replace("lengths: [4]", "lengths: [1]"), "small.yaml:8:11: lengths[0]: a maximum length L");
        assertMessage(SMALL.replace("heads: 2", "heads: 3"), "small.yaml:3:54: models[0].heads: 3 does not divide width 16");
        assertMessage(SMALL.replace("kind: lstm", "kind: rnn"), "small.yaml:4:30: models[1].kind: unknown model 'rnn'");
        assertMessage(SMALL.replace("name: small", "name: my study"), "small.yaml:1:7: name: 'my study' must use only");
        assertMessage(SMALL.replace("seeds: [1, 2]", "seeds: [1, 1]"), "small.yaml:15:10: training.seeds: lists 1 twice");
        assertMessage(SMALL.replace("  steps: 100\n", ""), "small.yaml:10:3: training.steps: is required");
        assertMessage(SMALL + "search: {divisor: 1}\n", "small.yaml:16:9: search: search divisor M must be at least 2, got 1");
        assertMessage("[", "small.yaml:1:2: not valid YAML: expected the node content");
        assertMessage("a: b: c", "small.yaml:1:5: not valid YAML: mapping values are not allowed here");
        assertMessage(SMALL.replace("groups: [Z3]", "groups: [Z3]\ngroups: [Z4]"), "small.yaml:6:1: groups: the key appears twice");
        assertMessage(SMALL + "analyses: {budget-check: 2}\n", "small.yaml:16:26: analyses.budget-check: must be true or false, got 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyLoader.preset("tiny"));
        assertEquals("unknown preset 'tiny'; available: paper, quick, standard", e.getMessage());
    }

    private static void assertMessage(String yaml, String expectedStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyLoader.parse(yaml, "small.yaml"));
        assertTrue(e.getMessage().startsWith(expectedStart), "got: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }
}
