package dev.larder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** Every JSR-107 setter of LarderConfiguration returns LarderConfiguration, so calls chain in any order. */
class LarderConfigurationChainingTest {

  @Test
  void jsr107AndLarderSettersChainInEitherOrder() {
    LarderConfiguration<String, String> config = new LarderConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setMaximumSize(100)
        .setStatisticsEnabled(true)
        .setDefaultTtl(Duration.ofMinutes(5))
        .setStoreByValue(false)
        .setMaxValueBytes(1024)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)))
        .setMode(Mode.VOLATILE)
        .setManagementEnabled(false)
        .setReadThrough(false)
        .setWriteThrough(false);
    assertEquals(String.class, config.getKeyType());
    assertEquals(100, config.getMaximumSize());
    assertTrue(config.isStatisticsEnabled());
    assertEquals(1024, config.getMaxValueBytes());
  }

  @Test
  void everyInheritedSetterIsOverriddenWithTheCovariantType() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Method m : MutableConfiguration.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType() != MutableConfiguration.class) {
        continue;
      }
      Method own = LarderConfiguration.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      if (own.getReturnType() != LarderConfiguration.class) {
        missing.add(m.getName());
      }
    }
    assertEquals(List.of(), missing, "setters that would break a chain");
  }
}
