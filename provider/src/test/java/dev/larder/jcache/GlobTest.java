package dev.larder.jcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Glob patterns of LarderCache.keys. */
class GlobTest {

  @Test
  void starAndQuestionMark() {
    Predicate<String> p = Glob.compile("session:*");
    assertTrue(p.test("session:"));
    assertTrue(p.test("session:abc:def"));
    assertFalse(p.test("sessions:1"));
    Predicate<String> q = Glob.compile("user:?:profile");
    assertTrue(q.test("user:7:profile"));
    assertFalse(q.test("user:42:profile"));
    assertFalse(q.test("user::profile"));
  }

  @Test
  void characterClassesRangesAndNegation() {
    assertTrue(Glob.compile("v[0-9]").test("v5"));
    assertFalse(Glob.compile("v[0-9]").test("va"));
    assertTrue(Glob.compile("[!a]x").test("bx"));
    assertFalse(Glob.compile("[!a]x").test("ax"));
    assertTrue(Glob.compile("[]]").test("]"));
    assertTrue(Glob.compile("[a-]").test("-"));
  }

  @Test
  void regexCharactersAreLiteralAndBackslashEscapes() {
    assertTrue(Glob.compile("a.b+c(d)").test("a.b+c(d)"));
    assertFalse(Glob.compile("a.b").test("axb"));
    assertTrue(Glob.compile("literal\\*").test("literal*"));
    assertFalse(Glob.compile("literal\\*").test("literalX"));
    assertTrue(Glob.compile("\\[x]").test("[x]"));
    assertTrue(Glob.compile("[\\a]").test("a"));
    assertTrue(Glob.compile("multi*\nline").test("multi-\nline"));
  }

  @Test
  void malformedPatternsSayWhatIsWrong() {
    IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> Glob.compile("user:[0-9"));
    assertTrue(open.getMessage().contains("never closed"), open.getMessage());
    assertTrue(open.getMessage().contains("index 5"), open.getMessage());
    IllegalArgumentException escape = assertThrows(IllegalArgumentException.class, () -> Glob.compile("abc\\"));
    assertTrue(escape.getMessage().contains("escape"), escape.getMessage());
  }
}
