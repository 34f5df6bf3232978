package dev.larder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.larder.LarderConfiguration;
import dev.larder.store.codec.CodecException;
import dev.larder.store.codec.JavaSerializationCodec;
import dev.larder.store.codec.TypeAllowlist;
import java.util.List;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** The @hibernate preset of allowed types, and the error that names a type a cache may not decode. */
class TypePresetsTest {

  @Test
  void thePresetExpandsWhereverTypesAreAllowed() {
    ConfigFile file = ConfigFile.parse("default.allow-types = @hibernate, com.example.OrderId\n", "t.properties");
    LarderConfiguration<Object, Object> config = new LarderConfiguration<>();
    file.settingsFor("any").applyTo(config);
    assertTrue(config.getAllowedTypes().contains("org.hibernate.cache.spi.entry.StandardCacheEntryImpl"));
    assertTrue(config.getAllowedTypes().contains("com.example.OrderId"));
    assertTrue(config.getAllowedTypes().stream().noneMatch(t -> t.startsWith("@")));
    assertEquals(List.of("com.example.Plain"), TypePresets.expand("com.example.Plain"));
  }

  @Test
  void anUnknownPresetFailsTheFileNamingItsLine() {
    CacheException e = assertThrows(CacheException.class,
        () -> ConfigFile.parse("# x\ntemplate.*.allow-types = @hibernat\n", "app.properties"));
    assertTrue(e.getMessage().contains("app.properties line 2") && e.getMessage().contains("@hibernat")
        && e.getMessage().contains("presets: @hibernate"), e.getMessage());
  }

  /** A serializable type nobody allowed. */
  record Secret(String value) implements java.io.Serializable {}

  @Test
  void aRefusedTypeIsNamedWithHowToAllowIt() {
    ClassLoader loader = getClass().getClassLoader();
    JavaSerializationCodec open = new JavaSerializationCodec(new TypeAllowlist(Object.class, Object.class,
        List.of(Secret.class.getName()), loader), loader);
    JavaSerializationCodec strict = new JavaSerializationCodec(new TypeAllowlist(Object.class, Object.class,
        List.of(), loader), loader);
    CodecException e = assertThrows(CodecException.class, () -> strict.decode(open.encode(new Secret("s"))));
    assertTrue(e.getMessage().contains(Secret.class.getName()) && e.getMessage().contains("allowTypes"), e.getMessage());
  }
}
