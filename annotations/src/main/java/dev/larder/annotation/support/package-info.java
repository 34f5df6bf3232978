/**
 * The invoker core behind the annotations, free of any weaving framework: per-method metadata built
 * once, compiled key expressions, one computation per key, error handling. Testable without AspectJ.
 */
package dev.larder.annotation.support;
