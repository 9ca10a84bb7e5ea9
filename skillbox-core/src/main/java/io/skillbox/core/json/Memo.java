package io.skillbox.core.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small, bounded, thread-safe memo of a pure function: the least recently used entry goes first.
 * Parsing and validating the same manifest text for every run of a skill cost milliseconds until the
 * JIT caught up; the answers never change for the same input.
 */
final class Memo<K, V> {
    private final Map<K, V> entries;

    Memo(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The memoized value, computing it outside the lock (two threads may both compute; both are right).
     * A null result is returned but not remembered.
     */
    V get(K key, Function<K, V> compute) {
        synchronized (entries) {
            V hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        V value = compute.apply(key);
        if (value != null) {
            synchronized (entries) {
                entries.put(key, value);
            }
        }
        return value;
    }
}
