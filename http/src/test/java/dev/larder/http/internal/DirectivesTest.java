package dev.larder.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectivesTest {

  private static Directives request(String cacheControl, String pragma) {
    return Directives.ofRequest(cacheControl == null ? null : Collections.enumeration(List.of(cacheControl)),
        pragma == null ? null : Collections.enumeration(List.of(pragma)));
  }

  @Test
  void requestDirectives() {
    assertSame(Directives.NONE, request(null, null));
    assertEquals(0, request("max-age=0", null).maxAge());
    assertEquals(5, request("max-age=\"5\", max-age=9", null).maxAge(), "the smaller of two max-ages");
    assertTrue(request("No-Cache", null).noCache());
    assertTrue(request(null, "no-cache").noCache());
    assertTrue(request("no-store", null).noStore());
    assertTrue(request("only-if-cached", null).onlyIfCached());
    assertEquals(-1, request("max-age=soon", null).maxAge(), "a malformed max-age is ignored");
  }

  @Test
  void quotedArgumentsMayHoldCommas() {
    Directives d = Directives.of(List.of("private=\"Set-Cookie, X-User\", max-age=60"));
    assertTrue(d.isPrivate());
    assertEquals(60, d.maxAge());
    assertFalse(d.noStore());
  }

  @Test
  void severalHeaderValuesCombine() {
    Directives d = Directives.of(List.of("public", "no-store"));
    assertTrue(d.noStore());
    assertFalse(d.noCache());
  }
}
