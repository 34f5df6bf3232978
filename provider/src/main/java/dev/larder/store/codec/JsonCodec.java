package dev.larder.store.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default codec: the type's name, a newline, then the object as JSON (Jackson). Readable with
 * the {@code sqlite3} shell ({@code SELECT CAST(v AS TEXT) FROM entries}).
 *
 * <p>Only the outermost type is recorded, and it must pass the {@link TypeAllowlist} before it is
 * loaded; nested values are bound by their declared types (no polymorphic type ids, so no gadget
 * chains). Objects are written from their fields, in a fixed (alphabetical) order and with map
 * entries sorted, so equal keys encode to equal bytes. Decoding uses a record's canonical
 * constructor, a default constructor or a {@code @JsonCreator}, and for a class that has none of
 * them allocates the instance without a constructor and sets its fields ({@link
 * ConstructorFreeInstantiation}); types JSON cannot rebuild belong with {@link JavaSerializationCodec}.
 *
 * <p>The JDK's collections whose classes are not public ({@code List.of}, {@code Map.of}, {@code
 * Set.of}, {@code Arrays.asList}, {@code Collections.unmodifiable*}, {@code singletonList}, ...) are
 * recorded as {@code java.util.List}, {@code java.util.Set} or {@code java.util.Map} and come back
 * as unmodifiable collections of the same elements, equal to the originals. Whether any value
 * reads back equal is checked when it is written ({@link RoundTrip}).
 */
public final class JsonCodec implements Codec {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new Jdk8Module())
      .addModule(new ConstructorFreeInstantiation())
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final TypeAllowlist allowlist;

  /**
   * Creates a codec.
   *
   * @param allowlist the types it may decode
   */
  public JsonCodec(TypeAllowlist allowlist) {
    this.allowlist = allowlist;
  }

  @Override
  public byte[] encode(Object value) {
    String type = recordedType(value);
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot write a " + type + " as JSON (" + e.getMessage() + "). Give it"
          + " fields Jackson can write, or choose Encoding.JAVA_SERIALIZATION for this cache", e);
    }
    byte[] name = type.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[name.length + 1 + json.length];
    System.arraycopy(name, 0, out, 0, name.length);
    out[name.length] = '\n';
    System.arraycopy(json, 0, out, name.length + 1, json.length);
    return out;
  }

  @Override
  public Object decode(byte[] bytes) {
    int newline = indexOf(bytes, (byte) '\n');
    if (newline <= 0) {
      throw new CodecException("a stored entry is not in Larder's JSON format (type name, newline, JSON);"
          + " the file may be corrupt or written with another encoding", null);
    }
    String type = new String(bytes, 0, newline, StandardCharsets.UTF_8);
    Class<?> c = allowlist.load(type);
    try {
      Object value = MAPPER.readValue(bytes, newline + 1, bytes.length - newline - 1, c);
      return c == List.class || c == Set.class || c == Map.class ? unmodifiable(value) : value;
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot rebuild a " + type + " from its JSON (" + e.getMessage() + ")."
          + " JSON needs a record, a default constructor or a @JsonCreator; otherwise choose"
          + " Encoding.JAVA_SERIALIZATION", e);
    }
  }

  /**
   * The type name written before the JSON: the value's class, or the collection interface for the
   * JDK's non-public collection classes, which Jackson cannot instantiate by name.
   */
  private static String recordedType(Object value) {
    Class<?> c = value.getClass();
    if (java.lang.reflect.Modifier.isPublic(c.getModifiers()) || !c.getName().startsWith("java.util.")) {
      return c.getName();
    }
    if (value instanceof List) {
      return "java.util.List";
    }
    if (value instanceof Set) {
      return "java.util.Set";
    }
    if (value instanceof Map) {
      return "java.util.Map";
    }
    return c.getName();
  }

  private static Object unmodifiable(Object decoded) {
    if (decoded instanceof List<?> list) {
      return Collections.unmodifiableList(list);
    }
    if (decoded instanceof Set<?> set) {
      return Collections.unmodifiableSet(set);
    }
    return Collections.unmodifiableMap((Map<?, ?>) decoded);
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
