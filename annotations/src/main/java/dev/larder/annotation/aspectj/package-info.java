/**
 * Thin AspectJ aspects that delegate to {@link dev.larder.annotation.support}: the JSR-107 ones in
 * annotation style, {@code CachedAspect} in code style ({@code src/main/aspect}) so ajc can inline
 * its hit path. All are listed in {@code META-INF/aop.xml} for load-time weaving.
 */
package dev.larder.annotation.aspectj;
