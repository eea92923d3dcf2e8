package dev.graft.engine.ops;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Providers of one kind gathered from their two service lists, single ones and
 * families, keyed as {@link OpRegistry#key} keys ops. A key provided twice is a
 * packaging error, named with both classes, since which one wins would depend on
 * the class path order.
 */
public final class ServiceTable {
    private ServiceTable() {
    }

    /**
     * @param what how an error names a key's provider, e.g. {@code "op " + key}
     * @return the providers by key, sorted by key
     */
    public static <T, F> Map<String, T> load(ClassLoader loader, Class<T> single, Class<F> family,
                                             Function<F, List<T>> members, Function<T, String> key,
                                             Function<String, String> what) {
        Map<String, T> table = new TreeMap<>();
        for (T provider : ServiceLoader.load(single, loader)) {
            add(table, provider, key, what);
        }
        for (F f : ServiceLoader.load(family, loader)) {
            members.apply(f).forEach(provider -> add(table, provider, key, what));
        }
        return table;
    }

    private static <T> void add(Map<String, T> table, T provider, Function<T, String> key,
                                Function<String, String> what) {
        String k = key.apply(provider);
        T previous = table.putIfAbsent(k, provider);
        if (previous != null) {
            throw new IllegalStateException(what.apply(k) + " is provided twice: by "
                    + previous.getClass().getName() + " and " + provider.getClass().getName());
        }
    }
}
