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

    interface Attention {
        NDArray apply(NDArray q, NDArray k, NDArray v);
    }

    static NDArray gradientOfQ(NDManager manager, NDArray q, NDArray k, NDArray v, Attention attention) {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray qs = q.duplicate();
            qs.attach(step);
            qs.setRequiresGradient(true);
            NDArray loss = attention.apply(qs, k, v).square().sum();
            loss.attach(step);
            gc.backward(loss);
            NDArray g = qs.getGradient().duplicate();
            g.attach(manager);
            return g;
        }
    }

    static double attentionMillis(NDManager manager, NDArray q, NDArray k, NDArray v, Attention attention, int passes) {
        long start = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            gradientOfQ(manager, q, k, v, attention).close();
        }
        return (System.nanoTime() - start) / 1e6 / passes;
    }

    static NDArray composedLinear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight).add(bias);
    }

    interface Linear {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    static NDArray gradientOfX(NDManager manager, NDArray x, NDArray w, NDArray b, Linear linear) {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray xs = x.duplicate();
            xs.attach(step);
            xs.setRequiresGradient(true);
            NDArray loss = linear.apply(xs, w, b).square().sum();
            loss.attach(step);
            gc.backward(loss);
            NDArray g = xs.getGradient().duplicate();
            g.attach(manager);
            return g;
        }
    }

    static double millisPerPass(NDManager manager, NDArray x, NDArray w, NDArray b, Linear linear, int passes) {
        long start = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            gradientOfX(manager, x, w, b, linear).close();
        }
        return (System.nanoTime() - start) / 1e6 / passes;
    }

    public static void main(String[] args) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(15, 256, 32));
            NDArray w = manager.randomNormal(new Shape(15, 32, 128));
            NDArray b = manager.randomNormal(new Shape(15, 1, 128));
            float forward = fusedLinear(x, w, b).sub(composedLinear(x, w, b)).abs().max().getFloat();
            NDArray gFused = gradientOfX(manager, x, w, b, BridgeProbe::fusedLinear);
            NDArray gComposed = gradientOfX(manager, x, w, b, BridgeProbe::composedLinear);
            float relative = gFused.sub(gComposed).abs().max().getFloat() / gComposed.abs().max().getFloat();
            Set<String> libraries = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libtorch_cpu")) {
                    libraries.add(line.substring(line.indexOf('/')));
                }
            }
            System.out.printf(Locale.ROOT, "libtorch_cpu mapped from: %s%n", libraries);
            System.out.printf(Locale.ROOT, "forward max |fused - composed| = %.3g; gradient of x, max relative difference %.3g%n",
                    forward, relative);
            int rounds = 7;
            double[] fused = new double[rounds];
            double[] composed = new double[rounds];
            millisPerPass(manager, x, w, b, BridgeProbe::fusedLinear, 200);
            millisPerPass(manager, x, w, b, BridgeProbe::composedLinear, 200);
            for (int r = 0; r < rounds; r++) {
                composed[r] = millisPerPass(manager, x, w, b, BridgeProbe::composedLinear, 200);
                fused[r] = millisPerPass(manager, x, w, b, BridgeProbe::fusedLinear, 200);
            }
            Arrays.sort(fused);
            Arrays.sort(composed);
            System.out.printf(Locale.ROOT, "forward + backward, ms per pass (median of %d rounds of 200): matMul + add %.3f, "
                    + "baddbmm %.3f, ratio %.2f%n", rounds, composed[rounds / 2], fused[rounds / 2],
                    composed[rounds / 2] / fused[rounds / 2]);

            NDArray q = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            NDArray k = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            NDArray v = manager.randomNormal(new Shape(15 * 64, 2, 4, 16));
            float attentionForward = fusedAttention(q, k, v).sub(composedAttention(q, k, v)).abs().max().getFloat();
            NDArray aFused = gradientOfQ(manager, q, k, v, BridgeProbe::fusedAttention);
            NDArray aComposed = gradientOfQ(manager, q, k, v, BridgeProbe::composedAttention);
            float attentionGradient = aFused.sub(aComposed).abs().max().getFloat() / aComposed.abs().max().getFloat();
            System.out.printf(Locale.ROOT, "attention: forward max |sdpa - composed| = %.3g; gradient of q, max relative "
                    + "difference %.3g%n", attentionForward, attentionGradient);
            attentionMillis(manager, q, k, v, BridgeProbe::fusedAttention, 200);
            attentionMillis(manager, q, k, v, BridgeProbe::composedAttention, 200);
            for (int r = 0; r < rounds; r++) {
                composed[r] = attentionMillis(manager, q, k, v, BridgeProbe::composedAttention, 200);
                fused[r] = attentionMillis(manager, q, k, v, BridgeProbe::fusedAttention, 200);
            }
            Arrays.sort(fused);
            Arrays.sort(composed);
            System.out.printf(Locale.ROOT, "attention forward + backward, ms per pass (median of %d rounds of 200): composed "
                    + "%.3f, scaled_dot_product_attention %.3f, ratio %.2f%n", rounds, composed[rounds / 2], fused[rounds / 2],
                    composed[rounds / 2] / fused[rounds / 2]);
        }
    }
}
