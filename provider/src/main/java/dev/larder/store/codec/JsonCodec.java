package dev.larder.store.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The default codec: the type's name, a newline, then the object as JSON (Jackson). Readable with
 * the {@code sqlite3} shell ({@code SELECT CAST(v AS TEXT) FROM entries}).
 *
 * <p>Only the outermost type is recorded, and it must pass the {@link TypeAllowlist} before it is
 * loaded; nested values are bound by their declared types (no polymorphic type ids, so no gadget
 * chains). Objects are written from their fields, in a fixed (alphabetical) order and with map
 * entries sorted, so equal keys encode to equal bytes. Decoding needs a record, a default
 * constructor or a {@code @JsonCreator}; types JSON cannot rebuild belong with
 * {@link JavaSerializationCodec}.
 */
public final class JsonCodec implements Codec {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
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
    String type = value.getClass().getName();
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
      return MAPPER.readValue(bytes, newline + 1, bytes.length - newline - 1, c);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot rebuild a " + type + " from its JSON (" + e.getMessage() + ")."
          + " JSON needs a record, a default constructor or a @JsonCreator; otherwise choose"
          + " Encoding.JAVA_SERIALIZATION", e);
    }
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
