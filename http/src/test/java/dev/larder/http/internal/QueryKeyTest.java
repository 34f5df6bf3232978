package dev.larder.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryKeyTest {

  @Test
  void parametersAreSortedByNameAndValuesKeepTheirOrder() {
    assertEquals("a=1&b=2", QueryKey.canonical("b=2&a=1", null));
    assertEquals("a=2&a=1&b=x", QueryKey.canonical("a=2&b=x&a=1", null));
    assertEquals(QueryKey.canonical("a=1&b=2", null), QueryKey.canonical("b=2&a=1", null));
  }

  @Test
  void encodingIsCanonical() {
    assertEquals(QueryKey.canonical("q=a b", null), QueryKey.canonical("q=a+b", null));
    assertEquals(QueryKey.canonical("q=a%20b", null), QueryKey.canonical("q=a+b", null));
    assertEquals("q=%C3%A4", QueryKey.canonical("q=%c3%a4", null));
    assertEquals("q=a%26b%7C", QueryKey.canonical("q=a%26b|", null), "separators never appear raw in a key");
    assertEquals("flag=", QueryKey.canonical("flag", null));
    assertEquals("a=1", QueryKey.canonical("&&a=1&", null));
  }

  @Test
  void onlySelectedParametersCount() {
    List<String> selected = List.of("id", "page");
    assertEquals("id=7&page=2", QueryKey.canonical("utm_source=x&page=2&id=7", selected));
    assertEquals("", QueryKey.canonical("utm_source=x", selected));
    assertEquals("", QueryKey.canonical("a=1", List.of()));
    assertEquals("", QueryKey.canonical(null, null));
  }

  @Test
  void brokenEscapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> QueryKey.canonical("a=%zz", null));
    assertThrows(IllegalArgumentException.class, () -> QueryKey.canonical("a=%4", null));
  }

  @Test
  void pathsDecodeAndEncodeStrictly() {
    assertEquals("/a b/+", Percent.decodePath("/a%20b/+"));
    assertEquals("/a%20b/%2B", Percent.path("/a b/+"));
    assertEquals("/users/%C3%A4", Percent.path("/users/ä"));
    assertThrows(IllegalArgumentException.class, () -> Percent.decodePath("/a%2"));
  }
}
