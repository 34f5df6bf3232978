package dev.larder.testing;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A listener for every event type that records each event as {@code "TYPE key value old"}
 * (old is {@code -} when not available) and can be told to throw.
 */
public final class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>,
    Closeable {

  private final List<String> events = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RuntimeException failure;
  private volatile CountDownLatch latch = new CountDownLatch(0);

  /** Makes every later delivery throw. */
  public void failWith(RuntimeException e) {
    failure = e;
  }

  /** Arms a latch that counts down once per event received. */
  public void expect(int events) {
    latch = new CountDownLatch(events);
  }

  /** Waits for the events announced with {@link #expect}. */
  public boolean await() throws InterruptedException {
    return latch.await(20, TimeUnit.SECONDS);
  }

  /** Returns the recorded events and forgets them. */
  public synchronized List<String> drain() {
    List<String> copy = new ArrayList<>(events);
    events.clear();
    return copy;
  }

  /** Returns the recorded events. */
  public synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  public boolean isClosed() {
    return closed.get();
  }

  private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch, EventType expected) {
    if (failure != null) {
      throw failure;
    }
    for (CacheEntryEvent<? extends K, ? extends V> e : batch) {
      if (e.getEventType() != expected) {
        throw new AssertionError("delivered " + e.getEventType() + " to the " + expected + " method");
      }
      String old = e.isOldValueAvailable() ? String.valueOf(e.getOldValue()) : "-";
      synchronized (this) {
        events.add(e.getEventType() + " " + e.getKey() + " " + e.getValue() + " " + old);
      }
      latch.countDown();
    }
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) throws CacheEntryListenerException {
    record(events, EventType.CREATED);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) throws CacheEntryListenerException {
    record(events, EventType.UPDATED);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) throws CacheEntryListenerException {
    record(events, EventType.REMOVED);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) throws CacheEntryListenerException {
    record(events, EventType.EXPIRED);
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
