/**
 * Thin AspectJ aspects (annotation style) that delegate to {@link dev.larder.annotation.support}.
 * Listed in {@code META-INF/aop.xml} for load-time weaving.
 */
package dev.larder.annotation.aspectj;
