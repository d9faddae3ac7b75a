package dev.statetrack.study;

import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessRateOptionTest {

    private static StudySpec withSearch(String search) {
        return StudyLoader.parse(StudyLoaderTest.SMALL + "search: " + search + "\n", "test");
    }

    @Test
    void offByDefaultAndReadFromTheSearchSection() {
        assertFalse(StudyLoader.parse(StudyLoaderTest.SMALL, "test").search().successRate());
        assertFalse(withSearch("{divisor: 10}").search().successRate());
        assertTrue(withSearch("{divisor: 10, success-rate: true}").search().successRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withSearch("{success-rate: often}"));
        assertEquals("test:16:24: search.success-rate: must be true or false, got \"often\"", e.getMessage());
    }

    @Test
    void theModeIsNotPartOfTheSearchIdentity() {
        StudyPlan plain = StudyPlan.of(withSearch("{divisor: 10}"), new StubTasks());
        StudyPlan rates = StudyPlan.of(withSearch("{divisor: 10, success-rate: true}"), new StubTasks());
        assertEquals(plain.searches().stream().map(StudyPlan.PlannedSearch::searchId).toList(),
                rates.searches().stream().map(StudyPlan.PlannedSearch::searchId).toList());
    }
}
