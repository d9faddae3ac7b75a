package dev.statetrack.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batched transformer against a plain loop-by-loop GPT-2 written from its definition, member by
 * member, position by position, head by head. Gradient checks only show that the gradients fit
 * whatever function the forward pass computes; this pins the function itself (which columns of qkv
 * are which head's q, k, v, the causal mask, the scale), so a faster arrangement of the attention
 * cannot silently mix heads or sequences. All parameters are redrawn with std 0.5 so that attention
 * weights are far from uniform and every term matters.
 */
class TransformerReferenceTest {

    private static final int LAYERS = 2;
    private static final int WIDTH = 4;
    private static final int HEADS = 2;
    private static final int MEMBERS = 2;
    private static final int BATCH = 3;
    private static final int TIME = 5;

    @Test
    void logitsMatchALoopByLoopGpt2() {
        Engine.getInstance();
        Random random = new Random(7);
        Vocabulary vocabulary = new Vocabulary(3);
        int v = vocabulary.size();
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(ModelSpec.transformer(LAYERS, WIDTH, HEADS), vocabulary, TIME,
                     DataType.FLOAT64, new long[] {1, 2}, manager)) {
            JniUtils.setGradMode(false);
            for (NDArray p : model.parameters()) {
                double[] values = new double[(int) p.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = 0.5 * random.nextGaussian();
                }
                p.set(DoubleBuffer.wrap(values));
            }
            long[] ids = new long[MEMBERS * BATCH * TIME];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(v);
            }
            double[] logits = model.forward(manager.create(ids, new Shape(MEMBERS, BATCH, TIME))).toDoubleArray();
            List<NDArray> parameters = model.parameters();
            for (int e = 0; e < MEMBERS; e++) {
                Member member = new Member(parameters, e, manager);
                for (int b = 0; b < BATCH; b++) {
                    double[][] expected = member.logits(ids, (e * BATCH + b) * TIME, v);
                    for (int t = 0; t < TIME; t++) {
                        for (int o = 0; o < v; o++) {
                            int flat = ((e * BATCH + b) * TIME + t) * v + o;
                            assertEquals(expected[t][o], logits[flat], 1e-10,
                                    "member " + e + " row " + b + " position " + t + " logit " + o);
                        }
                    }
                }
            }
        }
    }

    /** One member's parameters as plain arrays, in the order the transformer creates them. */
    private static final class Member {
        private final List<NDArray> parameters;
        private final int member;
        private final NDManager manager;
        private int next;

        Member(List<NDArray> parameters, int member, NDManager manager) {
            this.parameters = parameters;
            this.member = member;
            this.manager = manager;
        }

        private double[][] matrix() {
            NDArray p = parameters.get(next++).get(member);
            int rows = (int) p.getShape().get(0);
            int cols = (int) p.getShape().get(1);
            double[] flat = p.toDoubleArray();
            double[][] m = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, i * cols, m[i], 0, cols);
            }
            return m;
        }

        private double[] vector() {
            return matrix()[0];
        }

        double[][] logits(long[] ids, int offset, int v) {
            next = 0;
            double[][] tokenTable = matrix();
            double[][] positionTable = matrix();
            double[][] x = new double[TIME][WIDTH];
            for (int t = 0; t < TIME; t++) {
                for (int c = 0; c < WIDTH; c++) {
                    x[t][c] = tokenTable[(int) ids[offset + t]][c] + positionTable[t][c];
                }
            }
            for (int layer = 0; layer < LAYERS; layer++) {
                double[][] h = layerNorm(x, vector(), vector());
                double[][] qkv = linear(h, matrix(), vector());
                double[][] mixed = attention(qkv);
                add(x, linear(mixed, matrix(), vector()));
                double[][] hidden = linear(layerNorm(x, vector(), vector()), matrix(), vector());
                add(x, linear(gelu(hidden), matrix(), vector()));
            }
            double[][] out = layerNorm(x, vector(), vector());
            double[][] logits = new double[TIME][v];
            for (int t = 0; t < TIME; t++) {
                for (int o = 0; o < v; o++) {
                    for (int c = 0; c < WIDTH; c++) {
                        logits[t][o] += out[t][c] * tokenTable[o][c];
                    }
                }
            }
            return logits;
        }

        /** qkv columns: q of head 0, q of head 1, ..., k of each head, v of each head. */
        private static double[][] attention(double[][] qkv) {
            int hw = WIDTH / HEADS;
            double[][] mixed = new double[TIME][WIDTH];
            for (int head = 0; head < HEADS; head++) {
                int q = head * hw;
                int k = WIDTH + head * hw;
                int val = 2 * WIDTH + head * hw;
                for (int i = 0; i < TIME; i++) {
                    double[] scores = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        for (int d = 0; d < hw; d++) {
                            scores[j] += qkv[i][q + d] * qkv[j][k + d];
                        }
                        scores[j] /= Math.sqrt(hw);
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        sum += scores[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int d = 0; d < hw; d++) {
                            mixed[i][head * hw + d] += scores[j] / sum * qkv[j][val + d];
                        }
                    }
                }
            }
            return mixed;
        }

        private static double[][] layerNorm(double[][] x, double[] gamma, double[] beta) {
            double[][] y = new double[x.length][];
            for (int t = 0; t < x.length; t++) {
                double mean = 0;
                for (double a : x[t]) {
                    mean += a / x[t].length;
                }
                double variance = 0;
                for (double a : x[t]) {
                    variance += (a - mean) * (a - mean) / x[t].length;
                }
                y[t] = new double[x[t].length];
                for (int c = 0; c < x[t].length; c++) {
                    y[t][c] = (x[t][c] - mean) / Math.sqrt(variance + Ops.LAYER_NORM_EPS) * gamma[c] + beta[c];
                }
            }
            return y;
        }

        private static double[][] linear(double[][] x, double[][] w, double[] bias) {
            double[][] y = new double[x.length][bias.length];
            for (int t = 0; t < x.length; t++) {
                for (int o = 0; o < bias.length; o++) {
                    y[t][o] = bias[o];
                    for (int i = 0; i < w.length; i++) {
                        y[t][o] += x[t][i] * w[i][o];
                    }
                }
            }
            return y;
        }

        /** Exact GELU, x·Φ(x), from the engine: erf is not what this test is about. */
        private double[][] gelu(double[][] x) {
            double[][] y = new double[x.length][];
            for (int t = 0; t < x.length; t++) {
                y[t] = manager.create(x[t]).getNDArrayInternal().gelu().toDoubleArray();
            }
            return y;
        }

        private static void add(double[][] x, double[][] y) {
            for (int t = 0; t < x.length; t++) {
                for (int c = 0; c < x[t].length; c++) {
                    x[t][c] += y[t][c];
                }
            }
        }
    }
}
