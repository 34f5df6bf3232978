package dev.larder.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the shared store (resources next to this class), each run with {@code
 * EVALSHA} and, when the server does not know it yet (first use, or after a restart emptied its
 * script cache), with {@code EVAL}.
 */
enum Script {
  /** Takes a key's lease and reads its entry. */
  ACQUIRE("acquire.lua"),
  /** Commits a step's change under its lease, once. */
  COMMIT("commit.lua"),
  /** Decides and commits a write that needs no lease (put, put-if-absent, replace, remove), once. */
  WRITE("write.lua"),
  /** Gives a lease back. */
  RELEASE("release.lua"),
  /** Extends a lease. */
  RENEW_LEASE("renew-lease.lua"),
  /** Extends a flight's lease. */
  RENEW_FLIGHT("renew-flight.lua"),
  /** Moves a deadline a read renewed. */
  TOUCH("touch.lua"),
  /** Expires a bucket's due entries. */
  SWEEP("sweep.lua"),
  /** Reads a page of a bucket for iteration. */
  PAGE("page.lua"),
  /** Removes a batch of a bucket's entries. */
  CLEAR("clear.lua"),
  /** Evicts entries of a bucket for the cache's bound. */
  EVICT("evict.lua");

  final byte[] source;
  final String sha;

  Script(String resource) {
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + resource);
      }
      this.source = in.readAllBytes();
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
