package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why {@link DiagonalRnn} scans sequentially: times forward and backward of the diagonal recurrence
 * h_t = a_t ⊙ h_{t−1} + b_t over [rows, T, d] both as the model does (T steps of two element-wise ops)
 * and as a Hillis–Steele parallel scan (⌈log₂ T⌉ levels, each composing every pair (a, b) with the one
 * 2^k steps earlier), alternating the two, at the study's sizes. Not a test: after {@code mvn -o test-compile},
 * {@code OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp
 * "target/test-classes:target/classes:$(cat target/runtime-classpath.txt)" dev.statetrack.model.ScanBench};
 * it prints median milliseconds per forward-and-backward and the largest difference of the two scans' states.
 * Measured (shared 2-core machine, load about 11): sequential 0.38, 0.31, 0.93, 2.07 ms against parallel
 * 2.03, 0.90, 37.5, 64.5 ms at T = 5, 9, 17, 33 (256 rows, d = 16).
 */
public final class ScanBench {

    private ScanBench() {
    }

    public static void main(String[] args) {
        int rows = 4 * 64;
        int d = 16;
        int repeats = 200;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int time : new int[] {5, 9, 17, 33}) {
                NDArray a = manager.randomUniform(-1, 1, new Shape(rows, time, d));
                NDArray b = manager.randomNormal(new Shape(rows, time, d));
                NDArray h0 = manager.randomNormal(new Shape(rows, 1, d));
                a.setRequiresGradient(true);
                b.setRequiresGradient(true);
                double difference = sequential(a, b, h0, time).sub(parallel(a, b, h0, time, manager)).abs().max()
                        .getFloat();
                double[] sequential = new double[repeats];
                double[] parallel = new double[repeats];
                for (int r = -20; r < repeats; r++) {
                    double s = timed(() -> sequential(a, b, h0, time));
                    double p = timed(() -> parallel(a, b, h0, time, manager));
                    if (r >= 0) {
                        sequential[r] = s;
                        parallel[r] = p;
                    }
                }
                System.out.printf(Locale.ROOT, "rows %d, d %d, T %d: sequential %.3f ms, parallel %.3f ms (median of %d; largest difference"
                        + " of the states %.1e)%n", rows, d, time, median(sequential), median(parallel), repeats, difference);
            }
        }
    }

    private interface Scan {
        NDArray states();
    }

    private static double timed(Scan scan) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long start = System.nanoTime();
            JniUtils.setGradMode(true);
            NDArray loss = scan.states().sum();
            JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
            JniUtils.setGradMode(false);
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static NDArray sequential(NDArray a, NDArray b, NDArray h0, int time) {
        NDList as = a.split(time, 1);
        NDList bs = b.split(time, 1);
        NDArray h = h0;
        NDList states = new NDList(time);
        for (int t = 0; t < time; t++) {
            h = as.get(t).mul(h).add(bs.get(t));
            states.add(h);
        }
        return NDArrays.concat(states, 1);
    }

    /** After level k, (A_t, B_t) composes steps t−2^(k+1)+1..t; then h_t = A_t h_0 + B_t. */
    private static NDArray parallel(NDArray a, NDArray b, NDArray h0, int time, NDManager manager) {
        NDArray prefixA = a;
        NDArray prefixB = b;
        long rows = a.getShape().get(0);
        long d = a.getShape().get(2);
        for (int offset = 1; offset < time; offset *= 2) {
            NDIndex earlier = new NDIndex(":, :{}", time - offset);
            NDArray shiftedA = NDArrays.concat(new NDList(manager.ones(new Shape(rows, offset, d), DataType.FLOAT32),
                    prefixA.get(earlier)), 1);
            NDArray shiftedB = NDArrays.concat(new NDList(manager.zeros(new Shape(rows, offset, d), DataType.FLOAT32),
                    prefixB.get(earlier)), 1);
            prefixB = prefixA.mul(shiftedB).add(prefixB);
            prefixA = prefixA.mul(shiftedA);
        }
        return prefixA.mul(h0).add(prefixB);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
