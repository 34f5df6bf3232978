package dev.larder.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.http.HttpCacheConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  private static PathPattern p(String text) {
    return PathPattern.parse(text, "larder.http.endpoints.t.path");
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/users/{id}, /users/42, true",
      "/users/{id}, /users/, false",
      "/users/{id}, /users, false",
      "/users/{id}, /users/42/orders, false",
      "/users/{id}, /users/42/, false",
      "/users/{id}/orders, /users/42/orders, true",
      "/users/{id}/orders, /users/42/order, false",
      "/reports/*/summary, /reports/2024/summary, true",
      "/static/**, /static, true",
      "/static/**, /static/a/b/c.css, true",
      "/static/**, /staticfile, false",
      "/**, /anything/at/all, true",
      "/, /, true",
      "/, /x, false",
      "/items, /items, true",
      "/items, /items/, false",
      "/items/, /items/, true",
      "/Users/{id}, /users/1, false"})
  void matching(String pattern, String path, boolean expected) {
    assertEquals(expected, p(pattern).matches(path));
  }

  @Test
  void moreLiteralSegmentsAreMoreSpecific() {
    assertTrue(p("/users/me").specificity() > p("/users/{id}").specificity());
    assertTrue(p("/users/{id}").specificity() > p("/users/**").specificity());
    assertTrue(p("/users/{id}/orders").specificity() > p("/users/{id}").specificity());
    assertEquals(p("/users/{id}").shape(), p("/users/{name}").shape());
    assertEquals(p("/users/*").shape(), p("/users/{name}").shape());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "users/{id}|starts with '/'",
      "/users//{id}|empty segment",
      "/users/{id|a variable is a whole segment",
      "/users/{1d}|is not a name",
      "/users/{id}/{id}|appears twice",
      "/static/**/x|'**' may only be the last segment",
      "/files/{name}.json|a variable is a whole segment",
      "/files/a*b|not allowed in a literal segment"})
  void malformedPatternsFailWithThePropertyAndThePlace(String pattern, String problem) {
    HttpCacheConfigException e = assertThrows(HttpCacheConfigException.class, () -> p(pattern));
    assertTrue(e.getMessage().contains("larder.http.endpoints.t.path"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains(pattern), e.getMessage());
  }

  @Test
  void aMissingPatternSaysWhatToWrite() {
    HttpCacheConfigException e = assertThrows(HttpCacheConfigException.class, () -> p(" "));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    assertFalse(e.getMessage().contains("null"));
  }
}
