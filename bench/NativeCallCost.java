import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one native call costs through DJL on arrays too small for the arithmetic to matter (4 × 8
 * floats): an in-place op, an op whose result is closed at once, and an op whose result stays in a scope
 * of 200 arrays until the scope closes, as a training step's intermediate results do. Five rounds of
 * 200,000 ops each; prints one line per round with microseconds per op (issue 22: at E = 1 a step is
 * about 300 such calls).
 *
 * <p>Run: {@code GLIBC_TUNABLES=... java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp
 * "$(cat target/runtime-classpath.txt):target/classes" bench/NativeCallCost.java}
 */
public class NativeCallCost {

    public static void main(String[] args) {
        int n = 200_000;
        int scope = 200;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(4, 8));
            NDArray y = manager.ones(new Shape(4, 8));
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    x.addi(y);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    x.add(y).close();
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n / scope; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        List<NDArray> kept = new ArrayList<>(scope);
                        for (int j = 0; j < scope; j++) {
                            NDArray z = x.add(y);
                            z.attach(step);
                            kept.add(z);
                        }
                    }
                }
                long t3 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: in-place %.2f us, closed at once %.2f us, in a scope of %d %.2f us%n",
                        round, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, scope, (t3 - t2) / 1e3 / n);
            }
        }
    }
}
