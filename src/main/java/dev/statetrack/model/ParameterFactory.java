package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Creates a model's parameters from seeded Java {@link Random}s, one per ensemble member, stacked
 * along a leading member dimension. Initialising in Java rather than with the engine's generator keeps
 * initialisation independent of the process-global torch seed, so trials running concurrently in one
 * JVM get exactly the weights they would get alone. Each member draws from its own generator in the
 * same order whatever the other members are, so member e's slice is bit for bit the parameter a
 * one-member model built from that member's seed has.
 *
 * <p>Seeds go through SplitMix64's finaliser before they reach {@link Random}: Random only scrambles
 * a seed with one multiplication, so nearby seeds (10, 20, …, 100) start with nearly the same first
 * draws, and their first weights would be nearly equal.
 *
 * <p>A counting factory ({@link #counting}) only adds up the parameters' sizes: it returns empty
 * placeholders, which is how a model's parameter count comes from its own constructor without
 * allocating it.
 */
public final class ParameterFactory {

    private final NDManager manager;
    private final DataType dataType;
    private final long[] seeds;
    private final Random[] randoms;
    private final List<NDArray> parameters = new ArrayList<>();
    private final boolean counting;
    private long countedPerMember;
    /** Arrays to hand out in creation order instead of drawing new ones; null when drawing. */
    private final List<NDArray> given;
    private final int members;

    ParameterFactory(NDManager manager, DataType dataType, long[] seeds) {
        this(manager, dataType, seeds, false);
    }

    private ParameterFactory(NDManager manager, DataType dataType, long[] seeds, boolean counting) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("parameters must be float32 or float64, got " + dataType);
        }
        if (seeds.length < 1) {
            throw new IllegalArgumentException("a model needs at least one member (seed), got none");
        }
        this.manager = manager;
        this.counting = counting;
        this.dataType = dataType;
        this.seeds = seeds.clone();
        this.randoms = new Random[seeds.length];
        for (int e = 0; e < seeds.length; e++) {
            randoms[e] = new Random(mix(seeds[e]));
        }
        this.given = null;
        this.members = seeds.length;
    }

    /**
     * A factory that hands out {@code given} (each [E, ...], one E for all) in creation order, each
     * checked against the shape the model asks for, instead of drawing: a model of the same spec built
     * with it runs on these weights, e.g. some members' slices of a larger ensemble. The arrays become
     * the model's (attached to {@code manager}, closed with it).
     */
    static ParameterFactory handingOut(NDManager manager, List<NDArray> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("no parameters given");
        }
        return new ParameterFactory(manager, given);
    }

    private ParameterFactory(NDManager manager, List<NDArray> given) {
        this.manager = manager;
        this.counting = false;
        this.dataType = given.get(0).getDataType();
        this.seeds = new long[0];
        this.randoms = new Random[0];
        this.given = List.copyOf(given);
        this.members = Math.toIntExact(given.get(0).getShape().get(0));
    }

    /** A one-member factory that counts what a model creates and allocates none of it. */
    static ParameterFactory counting(NDManager manager) {
        return new ParameterFactory(manager, DataType.FLOAT32, new long[] {0}, true);
    }

    /** Elements of one member's parameters created so far (what a counting factory is for). */
    long countedPerMember() {
        return countedPerMember;
    }

    /** SplitMix64's output function: every input bit affects every output bit. */
    static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int members() {
        return members;
    }

    /** Per member, an array of {@code shape} with entries N(0, std²); the result has shape [E, shape...]. */
    public NDArray normal(double std, long... shape) {
        return register(shape, (random, values) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = std * random.nextGaussian();
            }
        });
    }

    /**
     * As {@link #normal}, but drawn from generators of its own (one per member, seeded from the member's
     * seed and {@code stream}), entry by entry in row-major order. The parameters drawn from the main
     * generators then do not depend on this array's size, and a larger array starts with the entries of
     * a smaller one: the transformer's position table, sized by the longest input, leaves every other
     * weight, and its own first rows, the same for every maximum input length.
     */
    public NDArray normalOwnStream(long stream, double std, long... shape) {
        Random[] own = new Random[seeds.length];
        for (int e = 0; e < seeds.length; e++) {
            own[e] = new Random(mix(mix(seeds[e]) ^ stream));
        }
        return register(own, shape, (random, values) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = std * random.nextGaussian();
            }
        });
    }

    public NDArray uniform(double bound, long... shape) {
        return register(shape, (random, values) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = bound * (2 * random.nextDouble() - 1);
            }
        });
    }

    public NDArray constant(double value, long... shape) {
        return register(shape, (random, values) -> Arrays.fill(values, value));
    }

    /** Per member, {@code count} matrices of size d×d, each the identity plus N(0, std²) noise. */
    public NDArray identityPlusNoise(int count, int d, double std) {
        return register(new long[] {count, d, d}, (random, values) -> {
            for (int m = 0; m < count; m++) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        values[(m * d + i) * d + j] = (i == j ? 1 : 0) + std * random.nextGaussian();
                    }
                }
            }
        });
    }

    /**
     * A large constant the model needs besides its parameters (a mask, a table), not trained: built by
     * {@code build} when the model is, and not at all when only counting (then an empty placeholder).
     */
    public NDArray fixed(Supplier<NDArray> build) {
        return counting ? manager.zeros(new Shape(0), dataType) : build.get();
    }

    /** A constant that takes part in differentiated arithmetic; it lives as long as the model. */
    public NDArray scalar(double value) {
        return dataType == DataType.FLOAT64 ? manager.create(value) : manager.create((float) value);
    }

    /** Every parameter created so far, in creation order (the order the optimiser keeps its state in). */
    public List<NDArray> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    public NDManager manager() {
        return manager;
    }

    public DataType dataType() {
        return dataType;
    }

    private NDArray handOut(long[] memberShape) {
        if (parameters.size() == given.size()) {
            throw new IllegalArgumentException("the model asks for more than the " + given.size()
                    + " parameters given");
        }
        NDArray array = given.get(parameters.size());
        long[] shape = new long[memberShape.length + 1];
        shape[0] = members;
        System.arraycopy(memberShape, 0, shape, 1, memberShape.length);
        if (!array.getShape().equals(new Shape(shape)) || array.getDataType() != dataType) {
            throw new IllegalArgumentException("parameter " + parameters.size() + " is " + array.getShape() + " "
                    + array.getDataType() + ", the model asks for " + new Shape(shape) + " " + dataType);
        }
        array.attach(manager);
        array.setRequiresGradient(true);
        parameters.add(array);
        return array;
    }

    private interface Fill {
        void into(Random random, double[] values);
    }

    private NDArray register(long[] memberShape, Fill fill) {
        return register(randoms, memberShape, fill);
    }

    private NDArray register(Random[] generators, long[] memberShape, Fill fill) {
        if (counting) {
            countedPerMember = Math.addExact(countedPerMember, new Shape(memberShape).size());
            NDArray placeholder = manager.zeros(new Shape(0), dataType);
            parameters.add(placeholder);
            return placeholder;
        }
        if (given != null) {
            return handOut(memberShape);
        }
        int perMember = Math.toIntExact(new Shape(memberShape).size());
        double[] values = new double[Math.multiplyExact(perMember, randoms.length)];
        double[] member = new double[perMember];
        for (int e = 0; e < randoms.length; e++) {
            fill.into(generators[e], member);
            System.arraycopy(member, 0, values, e * perMember, perMember);
        }
        long[] shape = new long[memberShape.length + 1];
        shape[0] = randoms.length;
        System.arraycopy(memberShape, 0, shape, 1, memberShape.length);
        NDArray array;
        if (dataType == DataType.FLOAT64) {
            array = manager.create(values, new Shape(shape));
        } else {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            array = manager.create(floats, new Shape(shape));
        }
        array.setRequiresGradient(true);
        parameters.add(array);
        return array;
    }
}
