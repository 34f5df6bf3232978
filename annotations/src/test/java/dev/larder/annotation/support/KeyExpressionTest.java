package dev.larder.annotation.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class KeyExpressionTest {

  record Address(String city) {}

  public static final class User {
    private final long id;
    private final Address address;

    User(long id, Address address) {
      this.id = id;
      this.address = address;
    }

    public long getId() {
      return id;
    }

    public Address getAddress() {
      return address;
    }
  }

  @SuppressWarnings("unused")
  static final class Shapes {
    String none() { return ""; }
    String one(long id) { return ""; }
    String three(String tenant, long id, boolean deep) { return ""; }
    String user(User user, String locale) { return ""; }
  }

  private static Method method(String name) {
    for (Method m : Shapes.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private static Object key(String expression, String method, Object... args) {
    Method m = method(method);
    return KeyExpression.compile(expression, m, CachedMethod.parameterNamesOf(m)).evaluate(args);
  }

  @Test
  void defaultKeys() {
    assertSame(CompositeKey.EMPTY, key("", "none"));
    assertEquals(42L, key("", "one", 42L));
    assertEquals(CompositeKey.of("acme", 42L, true), key("", "three", "acme", 42L, true));
  }

  /** The hit path's argument-array-free forms compute exactly what {@code evaluate} does. */
  @Test
  void keyOfEqualsEvaluateForEveryShape() {
    Method one = method("one");
    KeyExpression plainOne = KeyExpression.compile("", one, CachedMethod.parameterNamesOf(one));
    assertEquals(plainOne.evaluate(new Object[] {42L}), plainOne.keyOf(42L));
    assertSame(plainOne.evaluate(new Object[] {42L}).getClass(), plainOne.keyOf(42L).getClass());
    assertEquals(CompositeKey.of((Object) null), plainOne.keyOf(null));
    assertEquals(plainOne.evaluate(new Object[] {null}), plainOne.keyOf(null));

    Method user = method("user");
    String[] names = CachedMethod.parameterNamesOf(user);
    User ada = new User(7, new Address("Oslo"));
    for (String expression : new String[] {"", "#user, #locale", "#locale, #user", "#user.id",
        "#user.address.city, #locale", "#p1"}) {
      KeyExpression key = KeyExpression.compile(expression, user, names);
      assertEquals(key.evaluate(new Object[] {ada, "en"}), key.keyOf(ada, "en"), expression);
      assertEquals(key.evaluate(new Object[] {ada, null}), key.keyOf(ada, null), expression);
    }
    assertEquals(CompositeKey.of(ada, "en"), KeyExpression.compile("", user, names).keyOf(ada, "en"));
    assertEquals(CompositeKey.of("en", ada),
        KeyExpression.compile("#locale, #user", user, names).keyOf(ada, "en"));

    Method three = method("three");
    names = CachedMethod.parameterNamesOf(three);
    for (String expression : new String[] {"", "#tenant, #id, #deep", "#id", "#deep, #tenant"}) {
      KeyExpression key = KeyExpression.compile(expression, three, names);
      assertEquals(key.evaluate(new Object[] {"acme", 42L, true}), key.keyOf("acme", 42L, true), expression);
    }
    assertEquals(42L, KeyExpression.compile("#id", three, names).keyOf("acme", 42L, true));
  }

  @Test
  void namedPositionalAndPropertyItems() {
    assertEquals(CompositeKey.of("acme", 42L), key("#tenant, #id", "three", "acme", 42L, false));
    assertEquals(42L, key("#p1", "three", "acme", 42L, false));
    assertEquals(CompositeKey.of(true, "acme"), key("#a2,#a0", "three", "acme", 42L, true));
    User user = new User(7, new Address("Oslo"));
    assertEquals(7L, key("#user.id", "user", user, "en"));
    assertEquals(CompositeKey.of("Oslo", "en"), key("#user.address.city, #locale", "user", user, "en"));
    assertEquals(CompositeKey.of((Object) null), key("#user.address.city", "user", new User(1, null), "en"));
  }

  @Test
  void compositeKeysCompareByContentWithAPrecomputedHash() throws Exception {
    CompositeKey a = CompositeKey.of("acme", 42L, new int[] {1, 2});
    CompositeKey b = CompositeKey.of("acme", 42L, new int[] {1, 2});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, CompositeKey.of("acme", 43L, new int[] {1, 2}));
    assertNotEquals(a, CompositeKey.of("acme", 42L, new int[] {1, 3}));
    assertNotEquals(a, CompositeKey.of("acme", 42L, new long[] {1, 2}));
    assertNotEquals(a, CompositeKey.of("acme", 42L));
    assertNotEquals(CompositeKey.of("acme", null), CompositeKey.of("acme", 0));
    assertEquals(CompositeKey.of(null, new String[] {"x"}), CompositeKey.of(null, new String[] {"x"}));
    // the hash is Arrays.deepHashCode of the parts, whatever their kinds
    Object[][] samples = {
        {"acme", 42L, new int[] {1, 2}}, {null, "x"}, {new Object[] {"n", new byte[] {7}}, 1.5},
        {new long[] {1, 2}, new boolean[] {true}, 'c'}, {Integer.MIN_VALUE, "", null, null}};
    for (Object[] parts : samples) {
      assertEquals(java.util.Arrays.deepHashCode(parts), CompositeKey.of(parts).hashCode());
      assertEquals(CompositeKey.of(parts), CompositeKey.of(parts.clone()));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
      out.writeObject(CompositeKey.EMPTY);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(a, in.readObject());
      assertSame(CompositeKey.EMPTY, in.readObject());
    }
  }

  @Test
  void errorsNameTheMethodAndSayWhatToDo() {
    Method three = method("three");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> KeyExpression.compile("#tenantId", three, new String[] {"tenant", "id", "deep"}));
    assertTrue(unknown.getMessage().contains(Describe.method(three)), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("tenant, id, deep"), unknown.getMessage());

    IllegalArgumentException noNames = assertThrows(IllegalArgumentException.class,
        () -> KeyExpression.compile("#tenant", three, null));
    assertTrue(noNames.getMessage().contains("-parameters"), noNames.getMessage());
    assertEquals("acme", KeyExpression.compile("#p0", three, null).evaluate(new Object[] {"acme", 1L, true}));

    assertThrows(IllegalArgumentException.class, () -> KeyExpression.compile("#p3", three, null));
    assertThrows(IllegalArgumentException.class, () -> KeyExpression.compile("tenant", three, null));
    assertThrows(IllegalArgumentException.class, () -> KeyExpression.compile("#tenant.", three, null));

    IllegalStateException noProperty = assertThrows(IllegalStateException.class,
        () -> key("#user.email", "user", new User(1, null), "en"));
    assertTrue(noProperty.getMessage().contains("email"), noProperty.getMessage());
  }

  @Test
  void defaultCacheNamesFollowTheSpec() {
    assertEquals("dev.larder.annotation.support.KeyExpressionTest$Shapes.three(java.lang.String,long,boolean)",
        Describe.method(method("three")));
  }
}
