package dev.statetrack.study;

import dev.statetrack.search.SearchSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study files shipped beside the presets stay what their comments say they are. */
class StudyFilesTest {

    @Test
    void quickSuccessRateIsTheQuickPresetWithSuccessRatesAndWithoutTheBudgetCheck() {
        StudySpec quick = StudyLoader.preset("quick");
        StudySpec rates = StudyLoader.load(Path.of("studies", "quick-success-rate.yaml"));
        assertEquals(quick.models(), rates.models());
        assertEquals(quick.groups(), rates.groups());
        assertEquals(quick.formats(), rates.formats());
        assertEquals(quick.distributions(), rates.distributions());
        assertEquals(quick.lengths(), rates.lengths());
        assertEquals(quick.training(), rates.training());
        SearchSettings s = quick.search();
        assertFalse(s.successRate());
        assertEquals(new SearchSettings(s.divisor(), s.maxSampleSizes(), s.tolerance(), true), rates.search());
        assertEquals(quick.analyses().nstar(), rates.analyses().nstar());
        assertEquals(quick.analyses().kappa(), rates.analyses().kappa());
        assertEquals(quick.analyses().lengthGeneralisation(), rates.analyses().lengthGeneralisation());
        assertTrue(quick.analyses().budgetCheck());
        assertFalse(rates.analyses().budgetCheck());
    }

    @Test
    void everyStudyFileShippedLoads() throws Exception {
        try (var files = java.nio.file.Files.walk(Path.of("studies"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertTrue(yaml.size() >= 7, yaml.toString());
            for (Path f : yaml) {
                assertFalse(StudyLoader.load(f).models().isEmpty(), f.toString());
            }
        }
    }
}
