import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.bytedeco.pytorch.global.torch.baddbmm;
import static org.bytedeco.pytorch.global.torch.scaled_dot_product_attention;

/**
 * Can statetrack call a fused libtorch op that DJL 0.36 does not expose, on DJL's own tensors, through
 * JavaCPP's PyTorch bindings at the same libtorch version (issue 22)? With JavaCPP told to look in DJL's
 * native folder first, its JNI glue binds to the libtorch DJL already loaded (one copy in the process);
 * a DJL handle is a pointer to a torch::Tensor, which JavaCPP wraps without owning, and the result's
 * torch::Tensor is handed to DJL, which then owns it. Checks: one libtorch_cpu mapped; baddbmm(bias, x, W)
 * equals DJL's x·W + bias; autograd runs through it (the gradient of x equals DJL's own). Then times the
 * forward and backward of both at the quick transformer's MLP-input size (E = 15, 256 rows, 32 → 128),
 * median of 7 alternating rounds of 200; and causal attention at the quick transformer's size (E·B = 15 · 64
 * sequences, 2 heads of 16, T = 4) composed from DJL ops (scores, mask, softmax, product: the scalar small
 * bmm path) against libtorch's scaled_dot_product_attention, forward and backward, same rounds.
 *
 * <p>Run (from the repository root, after `mvn -B -q -f bench/javacpp/pom.xml dependency:build-classpath
 * -Dmdep.outputFile=target/javacpp-classpath.txt`):
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Djava.library.path=$(ls -d
 * ~/.djl.ai/pytorch/2.7.1-*) -Dorg.bytedeco.javacpp.pathsFirst=true -cp "$(cat target/runtime-classpath.txt):$(cat
 * bench/javacpp/target/javacpp-classpath.txt)" bench/javacpp/BridgeProbe.java}
 */
public class BridgeProbe {

    static Tensor view(NDArray array) {
        long handle = ((PtNDArray) array).getHandle();
        return new Tensor(new Pointer() {
            {
                address = handle;
            }
        });
    }

    static NDArray fusedLinear(NDArray x, NDArray weight, NDArray bias) {
        return wrap(x.getManager(), baddbmm(view(bias), view(x), view(weight)));
    }

    static NDArray wrap(NDManager manager, Tensor result) {
        long address = result.address();
        result.deallocate(false);
        return new PtNDArray((PtNDManager) manager, address);
    }

    /** q, k, v [N, heads, T, d]; causal. */
    static NDArray fusedAttention(NDArray q, NDArray k, NDArray v) {
        return wrap(q.getManager(), scaled_dot_product_attention(view(q), view(k), view(v), new TensorOptional(), 0.0,
                true, new DoubleOptional(), false));
    }

    static NDArray composedAttention(NDArray q, NDArray k, NDArray v) {
        long t = q.getShape().get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(q.getManager().create((float) Math.sqrt(q.getShape().get(3))));
        float[] mask = new float[(int) (t * t)];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[(int) (i * t + j)] = -1e9f;
            }
        }
        NDArray future = q.getManager().create(mask, new Shape(t, t));
        return scores.add(future).softmax(-1).matMul(v);
    }

    static NDArray composedLinear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight).add(bias);
    }

    /** An op of three arrays, differentiated with respect to the first. */
    interface Op {
        NDArray apply(NDArray a, NDArray b, NDArray c);
    }

    static NDArray gradientOfFirst(NDManager manager, NDArray a, NDArray b, NDArray c, Op op) {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray first = a.duplicate();
            first.attach(step);
            first.setRequiresGradient(true);
            NDArray loss = op.apply(first, b, c).square().sum();
            loss.attach(step);
            gc.backward(loss);
            NDArray g = first.getGradient().duplicate();
            g.attach(manager);
            return g;
        }
    }

    static double millisPerPass(NDManager manager, NDArray a, NDArray b, NDArray c, Op op, int passes) {
        long start = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            gradientOfFirst(manager, a, b, c, op).close();
        }
        return (System.nanoTime() - start) / 1e6 / passes;
    }

    /**
     * Prints how far the fused op is from the composed one (forward, and the gradient of the first argument
     * relative to its largest entry), then both ops' forward + backward time per pass, median of 7 alternating
     * rounds of 200 after one warm-up round each.
     */
    static void compare(NDManager manager, String name, String fusedName, String composedName, NDArray a, NDArray b,
                        NDArray c, Op fused, Op composed) {
        float forward = fused.apply(a, b, c).sub(composed.apply(a, b, c)).abs().max().getFloat();
        NDArray gFused = gradientOfFirst(manager, a, b, c, fused);
        NDArray gComposed = gradientOfFirst(manager, a, b, c, composed);
        float relative = gFused.sub(gComposed).abs().max().getFloat() / gComposed.abs().max().getFloat();
        System.out.printf(Locale.ROOT, "%s: forward max |fused - composed| = %.3g; gradient, max relative difference %.3g%n",
                name, forward, relative);
        int rounds = 7;
        double[] fusedMillis = new double[rounds];
        double[] composedMillis = new double[rounds];
        millisPerPass(manager, a, b, c, fused, 200);
        millisPerPass(manager, a, b, c, composed, 200);
        for (int r = 0; r < rounds; r++) {
            composedMillis[r] = millisPerPass(manager, a, b, c, composed, 200);
            fusedMillis[r] = millisPerPass(manager, a, b, c, fused, 200);
        }
        Arrays.sort(fusedMillis);
        Arrays.sort(composedMillis);
        System.out.printf(Locale.ROOT, "%s forward + backward, ms per pass (median of %d rounds of 200): %s %.3f, %s %.3f, "
                + "ratio %.2f%n", name, rounds, composedName, composedMillis[rounds / 2], fusedName, fusedMillis[rounds / 2],
                composedMillis[rounds / 2] / fusedMillis[rounds / 2]);
    }

    public static void main(String[] args) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(15, 256, 32));
            NDArray w = manager.randomNormal(new Shape(15, 32, 128));
            NDArray b = manager.randomNormal(new Shape(15, 1, 128));
            fusedLinear(x, w, b).close();  // loads the bindings, so the mapping below shows which libtorch they use
            Set<String> libraries = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libtorch_cpu")) {
                    libraries.add(line.substring(line.indexOf('/')));
                }
            }
            System.out.printf(Locale.ROOT, "libtorch_cpu mapped from: %s%n", libraries);
            compare(manager, "linear", "baddbmm", "matMul + add", x, w, b, BridgeProbe::fusedLinear,
                    BridgeProbe::composedLinear);
            NDArray q = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            NDArray k = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            NDArray v = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            compare(manager, "attention", "scaled_dot_product_attention", "composed", q, k, v, BridgeProbe::fusedAttention,
                    BridgeProbe::composedAttention);
        }
    }
}
