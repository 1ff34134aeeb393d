package org.vae4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Idle instances by key, for tasks to borrow and give back: the executor-side cache of loaded
 * models. Instances of at most {@code maxKeys} keys are kept; the least recently used key's
 * instances are closed beyond that (outside the lock). Thread-safe.
 *
 * @param <T> the pooled instances
 */
final class IdlePool<T> {

  private final int maxKeys;
  private final Consumer<T> closer;
  /** Idle instances by key, least recently used first. */
  private final LinkedHashMap<String, Deque<T>> idle = new LinkedHashMap<>(8, 0.75f, true);

  IdlePool(int maxKeys, Consumer<T> closer) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1, got " + maxKeys);
    }
    this.maxKeys = maxKeys;
    this.closer = closer;
  }

  /** An idle instance of {@code key}, taken out of the pool, or null when there is none. */
  synchronized T poll(String key) {
    Deque<T> d = idle.get(key);
    return d == null ? null : d.poll();
  }

  /** Puts back an instance of {@code key}; closes the instances of keys beyond {@code maxKeys}. */
  void offer(String key, T instance) {
    List<T> evicted = new ArrayList<>();
    synchronized (this) {
      idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(instance);
      Iterator<Map.Entry<String, Deque<T>>> it = idle.entrySet().iterator();
      while (idle.size() > maxKeys && it.hasNext()) {
        evicted.addAll(it.next().getValue());
        it.remove();
      }
    }
    evicted.forEach(closer);
  }

  /** Idle instances of {@code key} (for tests and logs). */
  synchronized int idleCount(String key) {
    Deque<T> d = idle.get(key);
    return d == null ? 0 : d.size();
  }
}
