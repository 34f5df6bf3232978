package dev.larder.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidLarderPropertyException} into Spring Boot's "APPLICATION FAILED TO START"
 * report: what is wrong with which property, and what to do.
 */
public final class LarderPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLarderPropertyException> {

  /** Creates the analyzer (Spring Boot instantiates it from {@code META-INF/spring.factories}). */
  public LarderPropertyFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidLarderPropertyException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Fix or remove '" + cause.property() + "'. Larder's Spring properties are larder.default.<setting>,"
            + " larder.caches.<name>.<setting> and larder.templates.<glob>.<setting>; the settings and their"
            + " values are those of Larder's configuration file (docs/configuration.md, docs/spring-boot.md).",
        cause);
  }
}
