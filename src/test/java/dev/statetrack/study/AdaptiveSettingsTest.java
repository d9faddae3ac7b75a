package dev.statetrack.study;

import dev.statetrack.search.SearchSettings;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveSettingsTest {

    private static final String YAML = """
            name: s
            models:
              - {kind: lstm, hidden: 8}
            groups: [Z5]
            formats: [acot]
            distributions: [uniform]
            lengths: [4]
            training: {steps: 100, batch-size: 16, epsilon: 1e-3, eval-every: 10, learning-rates: [1e-2, 3e-2],
                       seeds: [1, 2]}
            search: {%s}
            analyses: {budget-check: %s}
            """;

    @TempDir
    Path dir;

    private StudySpec load(String search, boolean budgetCheck) throws Exception {
        return StudyLoader.load(Files.writeString(dir.resolve("s.yaml"), YAML.formatted(search, budgetCheck)));
    }

    @Test
    void adaptiveIsOptInWithMaxTrialsDefaultingToTheBracketsWorstCase() throws Exception {
        SearchSettings bracket = load("divisor: 4, max-sample-sizes: 6, tolerance: 0.35", true).search();
        assertEquals(SearchSettings.Method.BRACKET, bracket.method());
        SearchSettings adaptive = load("method: adaptive, divisor: 4, max-sample-sizes: 6, tolerance: 0.35", false)
                .search();
        assertTrue(adaptive.adaptive());
        assertEquals(6 * 4, adaptive.maxTrials(), "S × configurations");
        assertEquals(10, load("method: adaptive, max-trials: 10", false).search().maxTrials());
    }

    @Test
    void adaptiveSearchesHaveTheirOwnIdsAndBracketIdsDoNotChange() throws Exception {
        StudySpec bracket = load("divisor: 4, max-sample-sizes: 6, tolerance: 0.35", false);
        StudySpec explicit = load("method: bracket, divisor: 4, max-sample-sizes: 6, tolerance: 0.35", false);
        StudySpec adaptive = load("method: adaptive, divisor: 4, max-sample-sizes: 6, tolerance: 0.35", false);
        String b = StudyPlan.of(bracket, new StubTasks()).searches().get(0).searchId();
        assertEquals(b, StudyPlan.of(explicit, new StubTasks()).searches().get(0).searchId());
        assertNotEquals(b, StudyPlan.of(adaptive, new StubTasks()).searches().get(0).searchId());
        // the bracket id is the canonical text without any adaptive line, as before adaptive searches existed
        Cell cell = StudyPlan.of(bracket, new StubTasks()).searches().get(0).cell();
        assertEquals(b, CanonicalHash.search(cell.configurations(bracket.training(), 1, 0).get(0),
                bracket.training().learningRates(), bracket.training().seeds(), new SearchSettings(4, 6, 0.35)));
    }

    @Test
    void theMeasuredSubsetFilesDifferOnlyInTheSearchMethodAndKeepTheQuickPresetsSettingsOfTheirTime() {
        // the quick preset's training and search when they were measured (issue 18): unpruned, 3000 steps, S = 6
        TrainingGrid measured = new TrainingGrid(3000, 64, 2e-2, 100, List.of(1e-3, 3e-3), List.of(10L, 20L));
        StudySpec quick = StudyLoader.preset("quick");
        StudySpec adaptive = StudyLoader.load(Path.of("studies", "quick-subset-adaptive.yaml"));
        StudySpec rates = StudyLoader.load(Path.of("studies", "quick-subset-success-rate.yaml"));
        for (StudySpec s : List.of(adaptive, rates)) {
            assertEquals(measured, s.training());
            assertTrue(quick.models().containsAll(s.models()));
            assertTrue(quick.formats().containsAll(s.formats()));
        }
        assertEquals(adaptive.models(), rates.models());
        assertEquals(adaptive.groups(), rates.groups());
        assertEquals(adaptive.formats(), rates.formats());
        assertEquals(adaptive.distributions(), rates.distributions());
        assertEquals(adaptive.lengths(), rates.lengths());
        assertEquals(new SearchSettings(4, 6, 0.35, true), rates.search());
        assertEquals(new SearchSettings(4, 6, 0.35, false, SearchSettings.Method.ADAPTIVE,
                6 * measured.configurationCount()), adaptive.search());
    }

    @Test
    void theWholeGridFilesAreTheQuickPresetsGridDifferingOnlyInTheSearchMethod() {
        StudySpec quick = StudyLoader.preset("quick");
        StudySpec adaptive = StudyLoader.load(Path.of("studies", "quick-grid-adaptive.yaml"));
        StudySpec rates = StudyLoader.load(Path.of("studies", "quick-grid-success-rate.yaml"));
        // measured (issue 18) when the preset's epsilon was 2e-2; everything else is the preset's
        TrainingGrid t = quick.training();
        TrainingGrid measured = new TrainingGrid(t.steps(), t.batchSize(), 2e-2, t.evalEvery(), t.learningRates(),
                t.seeds(), t.prune());
        for (StudySpec s : List.of(adaptive, rates)) {
            assertEquals(quick.models(), s.models());
            assertEquals(quick.groups(), s.groups());
            assertEquals(quick.formats(), s.formats());
            assertEquals(quick.distributions(), s.distributions());
            assertEquals(quick.lengths(), s.lengths());
            assertEquals(measured, s.training());
            assertTrue(s.analyses().nstar());
        }
        SearchSettings q = quick.search();
        assertEquals(new SearchSettings(q.divisor(), q.maxSampleSizes(), q.tolerance(), true), rates.search());
        assertEquals(new SearchSettings(q.divisor(), q.maxSampleSizes(), q.tolerance(), false,
                SearchSettings.Method.ADAPTIVE, q.maxSampleSizes() * quick.training().configurationCount()),
                adaptive.search());
    }

    @Test
    void mistakesNameTheSettingAndWhatIsAllowed() {
        var method = assertThrows(IllegalArgumentException.class, () -> load("method: quest", false));
        assertTrue(method.getMessage().contains("search.method") && method.getMessage().contains("bracket or adaptive"),
                method.getMessage());
        var check = assertThrows(IllegalArgumentException.class, () -> load("method: adaptive", true));
        assertTrue(check.getMessage().contains("analyses.budget-check"), check.getMessage());
        var rate = assertThrows(IllegalArgumentException.class,
                () -> load("method: adaptive, success-rate: true", false));
        assertTrue(rate.getMessage().contains("search.success-rate"), rate.getMessage());
        var trials = assertThrows(IllegalArgumentException.class, () -> load("max-trials: 5", false));
        assertTrue(trials.getMessage().contains("search.max-trials"), trials.getMessage());
    }
}
