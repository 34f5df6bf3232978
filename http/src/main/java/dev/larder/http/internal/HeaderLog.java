package dev.larder.http.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The headers the endpoint set, in the order it set them: what a stored response replays. Headers
 * set by filters outside the cache are not in it, since those filters run again on every hit.
 *
 * <p>Not thread-safe. Internal to {@code larder-http}.
 */
final class HeaderLog {

  /** Alternating names and values. */
  private final ArrayList<String> pairs = new ArrayList<>(16);

  void set(String name, String value) {
    remove(name);
    add(name, value);
  }

  void add(String name, String value) {
    if (name != null && value != null) {
      pairs.add(name);
      pairs.add(value);
    }
  }

  void remove(String name) {
    for (int i = pairs.size() - 2; i >= 0; i -= 2) {
      if (pairs.get(i).equalsIgnoreCase(name)) {
        pairs.remove(i + 1);
        pairs.remove(i);
      }
    }
  }

  List<String> values(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < pairs.size(); i += 2) {
      if (pairs.get(i).equalsIgnoreCase(name)) {
        out.add(pairs.get(i + 1));
      }
    }
    return out;
  }

  boolean has(String name) {
    for (int i = 0; i < pairs.size(); i += 2) {
      if (pairs.get(i).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  List<String> pairs() {
    return pairs;
  }

  void clear() {
    pairs.clear();
  }
}
