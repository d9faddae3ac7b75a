package dev.statetrack.store;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trials of the paper's three models keep the identities they had before models became plug-ins
 * (pinned on the code before that change): every trial already stored is found again.
 */
class TrialIdentityGoldenTest {

    static final List<TrialSpec> TRIALS = List.of(
            trial("Z2", Format.OUTCOME, ModelSpec.transformer(2, 64, 4), null),
            trial("A5", Format.ACOT, ModelSpec.transformer(1, 32, 2), new PruneRule(3000, 0.01, 500)),
            trial("S3", Format.COT, ModelSpec.lstm(1, 128, 128), null),
            trial("Z2", Format.ACOT, ModelSpec.lstm(2, 32, 16), null),
            trial("Z5", Format.OUTCOME, ModelSpec.denseSsm(64, false), null),
            trial("A4", Format.ACOT, ModelSpec.denseSsm(16, true), new PruneRule(100, 0.5, 10)));

    static final List<String> HASHES = List.of(
            "483b8ae4bac517245fdf91a77f71f002144d82a21cf4cd449ad193278a5621e1",
            "f7faca1a444c11aedfc73b8e80148a01af1906f3972bd06c6860db5917cbc00c",
            "dc737efb87ccb9209d28f6f798b6fb270ce12cc9b1eded6f3559374d28ddf92d",
            "0e4f0327979608261eda6ee4d58b5b6d6483ec8c2ca944f63174dc4b1471bf82",
            "3479f3e64be23ff1a426c4d93ff3361d91ac08f9d3a7e80ecd1f776bfe653801",
            "d927677b786858f3181c01b935394b3835d936cf75df339302babd68edcb3675");

    private static TrialSpec trial(String group, Format format, ModelSpec model, PruneRule prune) {
        return new TrialSpec(group, format, LengthDistribution.UNIFORM, 7, 321, model, 3e-3, 20, 4000, 32,
                1e-4, 250, 14, prune);
    }

    @Test
    void canonicalHashesOfThePaperModelsAreUnchanged() {
        for (int i = 0; i < TRIALS.size(); i++) {
            assertEquals(HASHES.get(i), CanonicalHash.trial(TRIALS.get(i)), CanonicalHash.trialText(TRIALS.get(i)));
        }
    }
}
