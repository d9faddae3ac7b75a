package dev.statetrack.store;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.SearchSettings;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalHashTest {

    static final TrialSpec SPEC = new TrialSpec("Z5", Format.COT, LengthDistribution.SHORT_TO_LONG, 10, 1234,
            ModelSpec.transformer(6, 256, 4), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0);

    @Test
    void canonicalTextIsTheDocumentedOne() {
        assertEquals("""
                statetrack-trial/3
                group=Z5
                format=cot
                distribution=short-to-long
                max_length=10
                train_size=1234
                model.kind=transformer
                model.layers=6
                model.width=256
                model.heads=4
                model.embedding=0
                model.normalize_state=false
                learning_rate=0x1.a36e2eb1c432dp-14
                seed=10
                steps=250000
                batch_size=64
                epsilon=0x1.a36e2eb1c432dp-14
                eval_every=1000
                probe_max_length=0
                """, CanonicalHash.trialText(SPEC));
    }

    @Test
    void hashIsPinnedSoStoresStayReadableAcrossVersionsAndPlatforms() {
        assertEquals(CanonicalHash.trial(SPEC), CanonicalHash.trial(new TrialSpec("Z5", Format.COT,
                LengthDistribution.SHORT_TO_LONG, 10, 1234, ModelSpec.transformer(6, 256, 4), 0.0001, 10, 250_000,
                64, 0.0001, 1000, 0)));
        // Pinned (checked with `sha256sum` of the text above): if it changes, every stored trial would be
        // retrained. Bump the version line on purpose instead.
        assertEquals("2c0216f883575697c69a3afe1a7cbff402f71ac2fdbe7d76f6a0f3d47a0b0189", CanonicalHash.trial(SPEC));
    }

    /** Without a rule the text is exactly the pinned one above; with one it gains three lines. */
    @Test
    void aPruningRuleAddsItsLinesAndOnlyWhenOn() {
        assertEquals(CanonicalHash.trialText(SPEC), CanonicalHash.trialText(SPEC.withPrune(null)));
        assertEquals(CanonicalHash.trialText(SPEC) + """
                prune.patience=3000
                prune.min_delta=0x1.47ae147ae147bp-7
                prune.min_steps=500
                """, CanonicalHash.trialText(SPEC.withPrune(new PruneRule(3000, 0.01, 500))));
        assertNotEquals(CanonicalHash.trial(SPEC.withPrune(new PruneRule(3000, 0.01, 500))),
                CanonicalHash.trial(SPEC.withPrune(new PruneRule(3001, 0.01, 500))));
    }

    @Test
    void everyFieldChangesTheHash() {
        List<TrialSpec> variants = List.of(SPEC,
                new TrialSpec("Z6", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", Format.ACOT, SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), LengthDistribution.FIXED, 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 11, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1235, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, ModelSpec.transformer(2, 256, 4), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, ModelSpec.transformer(6, 256, 8), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, ModelSpec.denseSsm(256, true), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, ModelSpec.denseSsm(256, false), 1e-4, 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), Math.nextUp(1e-4), 10, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 11, 250_000, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_001, 64, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 32, 1e-4, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-3, 1000, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 500, 0),
                new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 1234, SPEC.model(), 1e-4, 10, 250_000, 64, 1e-4, 1000, 20));
        Set<String> hashes = new HashSet<>();
        variants.forEach(v -> hashes.add(CanonicalHash.trial(v)));
        assertEquals(variants.size(), hashes.size());
    }

    @Test
    void negativeZeroIsZeroAndNonFiniteIsRefused() {
        assertEquals(CanonicalHash.number(0.0), CanonicalHash.number(-0.0));
        assertThrows(IllegalArgumentException.class, () -> CanonicalHash.number(Double.NaN));
    }

    @Test
    void searchIdentityIgnoresTheConfigurationButNotTheGrid() {
        TrialSpec other = new TrialSpec("Z5", SPEC.format(), SPEC.distribution(), 10, 99, SPEC.model(), 1e-3, 50,
                250_000, 64, 1e-4, 1000, 0);
        String a = CanonicalHash.search(SPEC, List.of(1e-3, 1e-4), List.of(10L), SearchSettings.PAPER);
        assertEquals(a, CanonicalHash.search(other, List.of(1e-3, 1e-4), List.of(10L), SearchSettings.PAPER));
        assertNotEquals(a, CanonicalHash.search(SPEC, List.of(1e-3), List.of(10L), SearchSettings.PAPER));
        assertNotEquals(a, CanonicalHash.search(SPEC, List.of(1e-3, 1e-4), List.of(10L),
                new SearchSettings(1000, 20, 0.1)));
    }
}
