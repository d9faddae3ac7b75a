package dev.statetrack.model;

import ai.djl.ndarray.NDManager;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The architectures on the class path: every {@link ModelProvider} that {@link ServiceLoader} finds
 * through the current thread's context class loader (the application's class path, which
 * {@code bin/statetrack} extends with plug-in jars; on a Spark executor, the loader that holds the
 * jars the driver shipped). Found once per class loader.
 */
public final class ModelProviders {

    private static final Map<ClassLoader, Map<String, ModelProvider>> FOUND = new WeakHashMap<>();

    private ModelProviders() {
    }

    /** Every provider by name, sorted. */
    public static synchronized Map<String, ModelProvider> all() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ModelProviders.class.getClassLoader();
        }
        return FOUND.computeIfAbsent(loader, ModelProviders::load);
    }

    private static Map<String, ModelProvider> load(ClassLoader loader) {
        Map<String, ModelProvider> byName = new TreeMap<>();
        for (ModelProvider provider : ServiceLoader.load(ModelProvider.class, loader)) {
            ModelProvider other = byName.putIfAbsent(provider.name(), provider);
            if (other != null && other.getClass() != provider.getClass()) {
                throw new IllegalStateException("two model providers are named '" + provider.name() + "': "
                        + other.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /** The provider named {@code name} (case and '_' for '-' forgiven). */
    public static ModelProvider of(String name) {
        Map<String, ModelProvider> all = all();
        ModelProvider provider = all.get(name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (provider == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; allowed: " + String.join(", ", all.keySet())
                    + " (and plug-ins on the class path)");
        }
        return provider;
    }

    public static ModelProvider of(ModelSpec spec) {
        return of(spec.kind());
    }

    public static Collection<String> names() {
        return all().keySet();
    }

    /**
     * Trainable numbers of one member of the model {@code spec} describes: what its constructor creates
     * through {@link ParameterFactory}, counted without materialising any of it (so a model too large to
     * allocate is still counted, and refused).
     *
     * @param maxInputLength longest input (the transformer's position table)
     */
    public static long parameterCount(ModelSpec spec, int vocabularySize, int maxInputLength) {
        ModelProvider provider = of(spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterFactory counter = ParameterFactory.counting(manager.newSubManager());
            try (SequenceModel model = provider.build(spec, vocabularySize, maxInputLength, counter)) {
                return counter.countedPerMember();
            }
        }
    }
}
