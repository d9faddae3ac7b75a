package dev.statetrack.store;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.train.CurvePoint;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrainingMachine;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    @TempDir
    Path dir;

    static final TrialSpec SPEC = CanonicalHashTest.SPEC;
    static final TrialResult RESULT = new TrialResult(true, 700, 3e-5, 0.99, 1500, 4242, null,
            Map.of(2, 1.0, 20, 0.5));

    private static Provenance provenance() {
        return Provenance.of(2, 4, 3, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01.5Z"));
    }

    @Test
    void aRecordedTrialReadsBackWithItsSpecOutcomeAndProvenance() {
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            assertTrue(store.record(SPEC, RESULT, provenance()));
            assertFalse(store.record(SPEC, RESULT, provenance()), "a second outcome for one trial is ignored");
        }
        try (RunStore store = RunStore.open(file)) {
            StoredTrial t = store.find(CanonicalHash.trial(SPEC)).orElseThrow();
            assertEquals(SPEC, t.spec());
            assertEquals(CanonicalHash.trial(SPEC), CanonicalHash.trial(t.spec()), "doubles round-trip exactly");
            assertEquals(RESULT, t.result());
            assertEquals(provenance(), t.provenance());
            assertEquals(2, t.provenance().threads());
            assertEquals(1, store.trials().size());
        }
    }

    @Test
    void theMachineThatTrainedATrialIsStoredWithItNotTheRecordingHost() {
        TrialResult elsewhere = new TrialResult(true, 700, 3e-5, 0.99, 1500, 4242, null, Map.of(), List.of(),
                "executor-3 (Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz, MKL_CBWR=AVX2)");
        TrialSpec other = SPEC.withConfiguration(SPEC.learningRate(), SPEC.seed() + 1);
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(SPEC, RESULT, provenance());
            store.record(other, elsewhere, provenance());
            assertEquals(TrainingMachine.local(), store.find(CanonicalHash.trial(SPEC)).orElseThrow().result().trainedOn());
            StoredTrial remote = store.find(CanonicalHash.trial(other)).orElseThrow();
            assertEquals(elsewhere.trainedOn(), remote.result().trainedOn());
            assertEquals(TrainingMachine.localHost(), remote.provenance().host(), "host: where the study recorded it");
        }
    }

    @Test
    void aTrialsLearningCurveReadsBackPointForPoint() {
        TrialResult withCurve = RESULT.withCurve(List.of(new CurvePoint(100, 1.5, 1.75),
                new CurvePoint(200, 0.25, Double.NaN), new CurvePoint(300, 1e-9, 3e-5)));
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            store.record(SPEC, withCurve, provenance());
        }
        try (RunStore store = RunStore.open(file)) {
            assertEquals(withCurve.curve(), store.find(CanonicalHash.trial(SPEC)).orElseThrow().result().curve());
            assertEquals(withCurve, store.trials().get(0).result());
        }
    }

    @Test
    void nonFiniteLossesAreStoredAsUnknown() {
        TrialResult diverged = new TrialResult(false, 120, Double.NaN, Double.NaN, 10, 1, "loss became NaN at step 120",
                Map.of());
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(SPEC, diverged, provenance());
            TrialResult back = store.find(CanonicalHash.trial(SPEC)).orElseThrow().result();
            assertTrue(Double.isNaN(back.bestValidationLoss()));
            assertEquals("loss became NaN at step 120", back.failureReason());
        }
    }

    @Test
    void cancelledTrialsAreNotOutcomes() {
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            TrialResult cancelled = new TrialResult(false, 5, 1.0, 0.1, 10, 1, "cancelled", Map.of());
            assertThrows(IllegalArgumentException.class, () -> store.record(SPEC, cancelled, provenance()));
            assertTrue(store.find(CanonicalHash.trial(SPEC)).isEmpty());
        }
    }

    @Test
    void aLiveClaimKeepsOthersOutUntilRecordedOrReleased() {
        Path file = dir.resolve("runs.sqlite");
        String hash = CanonicalHash.trial(SPEC);
        try (RunStore a = RunStore.open(file); RunStore b = RunStore.open(file)) {
            assertEquals(RunStore.Claim.CLAIMED, a.claim(hash));
            assertEquals(RunStore.Claim.HELD_ELSEWHERE, b.claim(hash));
            assertEquals(RunStore.Claim.HELD_ELSEWHERE, a.claim(hash), "a claim is not re-entrant, even for its owner");
            a.release(hash);
            assertEquals(RunStore.Claim.CLAIMED, b.claim(hash));
            b.record(SPEC, RESULT, provenance());
            assertEquals(RunStore.Claim.STORED, a.claim(hash));
        }
    }

    @Test
    void aClaimWithoutHeartbeatGoesStale() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        String hash = CanonicalHash.trial(SPEC);
        try (RunStore b = RunStore.open(file, Duration.ofMillis(300))) {
            insertClaim(file, hash, TrainingMachine.localHost() + "/" + ProcessHandle.current().pid() + "/frozen",
                    System.currentTimeMillis());
            assertEquals(RunStore.Claim.HELD_ELSEWHERE, b.claim(hash), "fresh heartbeat of a live process");
            Thread.sleep(600);
            assertEquals(RunStore.Claim.CLAIMED, b.claim(hash), "no heartbeat for longer than the timeout");
        }
    }

    @Test
    void aLiveOwnersHeartbeatKeepsItsClaim() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        String hash = CanonicalHash.trial(SPEC);
        // Heartbeats every quarter of the timeout: on a loaded machine one may be late by a few hundred ms.
        try (RunStore a = RunStore.open(file, Duration.ofMillis(1200));
             RunStore b = RunStore.open(file, Duration.ofMillis(1200))) {
            assertEquals(RunStore.Claim.CLAIMED, a.claim(hash));
            Thread.sleep(3000);
            assertEquals(RunStore.Claim.HELD_ELSEWHERE, b.claim(hash));
        }
    }

    @Test
    void aClaimOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        String hash = CanonicalHash.trial(SPEC);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (RunStore store = RunStore.open(file, Duration.ofHours(1))) {
            insertClaim(file, hash, TrainingMachine.localHost() + "/" + gone.pid() + "/dead", System.currentTimeMillis());
            assertEquals(RunStore.Claim.CLAIMED, store.claim(hash));
            insertClaim(file, "other", "another-host/" + gone.pid() + "/x", System.currentTimeMillis());
            assertEquals(RunStore.Claim.HELD_ELSEWHERE, store.claim("other"), "other hosts' processes are not ours to check");
        }
    }

    @Test
    void searchTraceIsStoredStepByStepAndRewrittenWhenFinished() {
        String hash = CanonicalHash.trial(SPEC);
        SearchStep first = new SearchStep(0, SearchStep.Phase.MAXIMUM, 1234, true,
                List.of(new TrialOutcome(hash, SPEC, TrialOutcome.Status.TRAINED, RESULT),
                        TrialOutcome.cancelled("f".repeat(64), SPEC)));
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(SPEC, RESULT, provenance());
            store.beginSearch("s1", "cell", 1234);
            store.recordSearchStep("s1", first);
            StoredSearch running = store.search("s1").orElseThrow();
            assertFalse(running.finished());
            assertEquals(1, running.trace().size());

            store.finishSearch("s1", new SearchResult(1234, 1234, 0, SearchResult.StopReason.STEP_LIMIT, List.of(first)));
            StoredSearch done = store.search("s1").orElseThrow();
            assertTrue(done.finished());
            assertEquals(1234, done.result().nStar());
            List<TrialOutcome> trials = done.trace().get(0).trials();
            assertEquals(RESULT, trials.get(0).result());
            assertEquals(TrialOutcome.Status.CANCELLED, trials.get(1).status());
            assertNull(trials.get(1).result());

            store.beginSearch("s1", "cell", 1234);
            assertTrue(store.search("s1").orElseThrow().trace().isEmpty(), "a replay starts a fresh trace");
        }
    }

    /** A version-3 store (before curves) is the current schema without the curves table. */
    @Test
    void aStoreWithoutCurvesOpensKeepsItsTrialsAndSearchesAndGainsTheTable() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        SearchStep step = new SearchStep(0, SearchStep.Phase.MAXIMUM, 1234, true,
                List.of(new TrialOutcome(CanonicalHash.trial(SPEC), SPEC, TrialOutcome.Status.TRAINED, RESULT)));
        try (RunStore store = RunStore.open(file)) {
            store.record(SPEC, RESULT, provenance());
            store.beginSearch("s1", "cell", 1234);
            store.finishSearch("s1", new SearchResult(1234, 1234, 0, SearchResult.StopReason.STEP_LIMIT, List.of(step)));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE curves");
            s.executeUpdate("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
        }
        try (RunStore store = RunStore.open(file)) {
            StoredTrial t = store.find(CanonicalHash.trial(SPEC)).orElseThrow();
            assertEquals(RESULT, t.result(), "the old trial, without a curve");
            assertEquals(provenance(), t.provenance());
            assertEquals(1234, store.search("s1").orElseThrow().result().nStar());
            assertEquals(RESULT, store.search("s1").orElseThrow().trace().get(0).trials().get(0).result());
            TrialSpec other = SPEC.withConfiguration(SPEC.learningRate(), SPEC.seed() + 1);
            TrialResult curved = RESULT.withCurve(List.of(new CurvePoint(10, 1.0, 2.0)));
            store.record(other, curved, provenance());
            assertEquals(curved, store.find(CanonicalHash.trial(other)).orElseThrow().result());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            assertTrue(rs.next());
            assertEquals("6", rs.getString(1));
        }
    }

    private static void insertClaim(Path file, String hash, String owner, long heartbeat) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)")) {
            p.setString(1, hash);
            p.setString(2, owner);
            p.setLong(3, heartbeat);
            p.setLong(4, heartbeat);
            p.executeUpdate();
        }
    }

    static int count(Path file, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.getInt(1);
        }
    }

    @Test
    void aSuccessAtASharedEvaluationIsReusedForAnotherBudgetAndNothingElseIs() {
        // CanonicalHashTest.SPEC: 250,000 steps, evaluation every 1000
        TrialSpec doubled = SPEC.withSteps(500_000);
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            assertTrue(store.deriveFromOtherBudget(doubled).isEmpty(), "nothing stored yet");
            store.record(SPEC, succeededAt(7000), provenance());
            StoredTrial derived = store.deriveFromOtherBudget(doubled).orElseThrow();
            assertEquals(doubled, derived.spec());
            assertEquals(CanonicalHash.trial(doubled), derived.hash());
            assertEquals(7000, derived.result().steps());
            assertEquals(RESULT.bestValidationLoss(), derived.result().bestValidationLoss());
            assertEquals(0, derived.result().wallMillis(), "no training was done for it");
            assertEquals(provenance(), derived.provenance());
            assertEquals(derived, store.find(CanonicalHash.trial(doubled)).orElseThrow(), "stored");
            assertEquals(CanonicalHash.trial(SPEC), storedDerivedFrom(CanonicalHash.trial(doubled)));
            // a smaller budget that still reaches step 7000 is shown too, one that stops before it is not
            assertTrue(store.deriveFromOtherBudget(SPEC.withSteps(7000)).isPresent());
            assertTrue(store.deriveFromOtherBudget(SPEC.withSteps(6000)).isEmpty());
            assertTrue(store.deriveFromOtherBudget(doubled.withConfiguration(3e-3, SPEC.seed())).isEmpty(),
                    "another learning rate is another run");
        }
    }

    @Test
    void failuresAndSuccessesBetweenEvaluationsAreNotReused() {
        TrialSpec other = SPEC.withConfiguration(SPEC.learningRate(), SPEC.seed() + 1);
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(SPEC, new TrialResult(false, 250_000, 0.3, 0.5, 1500, 4242, null, Map.of()), provenance());
            // a success at its last step, 7500, which a run with a larger budget does not evaluate
            store.record(other.withSteps(7500), succeededAt(7500), provenance());
            assertTrue(store.deriveFromOtherBudget(SPEC.withSteps(500_000)).isEmpty(), "a failure says nothing");
            assertTrue(store.deriveFromOtherBudget(other.withSteps(500_000)).isEmpty(), "step 7500 is no shared evaluation");
        }
    }

    @Test
    void aPruningBeforeAnotherBudgetsEndIsReusedForItAndNoOtherEarlyFailureIs() {
        TrialSpec pruned = SPEC.withPrune(new PruneRule(2000, 0.2, 0));
        TrialSpec diverged = pruned.withConfiguration(SPEC.learningRate(), SPEC.seed() + 1);
        String reason = "pruned at step 3000: validation loss 0.4 made no progress since step 1000 (rule "
                + pruned.prune().text() + ")";
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(pruned, new TrialResult(false, 3000, 0.4, 0.5, 1500, 4242, reason, Map.of()), provenance());
            store.record(diverged, new TrialResult(false, 3000, 0.4, 0.5, 1500, 4242,
                    "non-finite loss at step 3000", Map.of()), provenance());
            StoredTrial derived = store.deriveFromOtherBudget(pruned.withSteps(500_000)).orElseThrow();
            assertFalse(derived.result().success());
            assertEquals(3000, derived.result().steps());
            assertEquals(reason, derived.result().failureReason());
            assertEquals(0, derived.result().wallMillis(), "no training was done for it");
            assertEquals(CanonicalHash.trial(pruned), storedDerivedFrom(CanonicalHash.trial(pruned.withSteps(500_000))));
            assertTrue(store.deriveFromOtherBudget(pruned.withSteps(4000)).isPresent(), "still evaluates step 3000");
            assertTrue(store.deriveFromOtherBudget(pruned.withSteps(3000)).isEmpty(),
                    "a budget ending at step 3000 ends the run there, which the trainer does not call a pruning");
            assertTrue(store.deriveFromOtherBudget(SPEC.withSteps(500_000)).isEmpty(), "no rule: another run");
            assertTrue(store.deriveFromOtherBudget(diverged.withSteps(500_000)).isEmpty(),
                    "only a pruning is known to stop every budget at its step");
        }
    }

    private static TrialResult succeededAt(int step) {
        return new TrialResult(true, step, RESULT.bestValidationLoss(), RESULT.validationAccuracy(), RESULT.wallMillis(),
                RESULT.parameterCount(), null, RESULT.accuracyByLength());
    }

    private String storedDerivedFrom(String hash) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.sqlite"));
             PreparedStatement p = c.prepareStatement("SELECT derived_from FROM trials WHERE hash = ?")) {
            p.setString(1, hash);
            ResultSet rs = p.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
