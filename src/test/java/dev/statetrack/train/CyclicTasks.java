package dev.statetrack.train;

import dev.statetrack.task.Format;
import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Small Z_m state-tracking data for tests, independent of the task library's sampler (not ready yet). */
final class CyclicTasks {

    private CyclicTasks() {
    }

    /** Unique sequences of lengths uniform over minLength..maxLength, split into disjoint train and validation sets. */
    static TrainingData sample(int m, int minLength, int maxLength, int trainSize, int validationSize, Format format,
                               long seed) {
        Group group = GroupCatalog.parse("Z" + m);
        Random random = new Random(seed);
        Set<List<Integer>> seen = new HashSet<>();
        List<int[]> samples = new ArrayList<>();
        while (samples.size() < trainSize + validationSize) {
            int n = minLength + random.nextInt(maxLength - minLength + 1);
            int[] x = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(m);
            }
            List<Integer> key = new ArrayList<>();
            for (int v : x) {
                key.add(v);
            }
            if (seen.add(key)) {
                samples.add(x);
            }
        }
        Collections.shuffle(samples, random);
        return new TrainingData(format, new Vocabulary(m), PackedSequences.of(group, samples.subList(0, trainSize)),
                PackedSequences.of(group, samples.subList(trainSize, trainSize + validationSize)), Map.of());
    }
}
