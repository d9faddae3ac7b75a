package dev.statetrack.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingMachineTest {

    @TempDir
    Path dir;

    @Test
    void theCpuModelIsTheFirstModelNameOfCpuinfo() throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, """
                processor	: 0
                vendor_id	: AuthenticAMD
                model		: 1
                model name	: AMD EPYC 7B13
                flags		: fpu avx2

                processor	: 1
                model name	: AMD EPYC 7B13
                """);
        assertEquals(Optional.of("AMD EPYC 7B13"), TrainingMachine.cpuModel(cpuinfo), "not 'model', the line before");
        assertEquals(Optional.empty(), TrainingMachine.cpuModel(dir.resolve("absent")));
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t:\n");
        assertEquals(Optional.empty(), TrainingMachine.cpuModel(cpuinfo), "a blank model name is no model");
    }

    @Test
    void theDescriptionNamesMklsBranchOnlyWhenOneIsSet() {
        assertEquals("n1 (AMD EPYC)", TrainingMachine.describe("n1", "AMD EPYC", null));
        assertEquals("n1 (AMD EPYC)", TrainingMachine.describe("n1", "AMD EPYC", " "));
        assertEquals("n1 (AMD EPYC, MKL_CBWR=COMPATIBLE)", TrainingMachine.describe("n1", "AMD EPYC", "COMPATIBLE"));
    }

    @Test
    void aTrialTrainedHereRecordsThisMachine() {
        TrialResult result = new TrialResult(false, 10, 1.0, 0.5, 1, 1, null, Map.of());
        assertEquals(TrainingMachine.local(), result.trainedOn());
        assertTrue(result.trainedOn().startsWith(TrainingMachine.localHost() + " ("), result.trainedOn());
        assertEquals(result.trainedOn(), result.withCurve(java.util.List.of(new CurvePoint(10, 1.0, 1.0))).trainedOn());
    }
}
