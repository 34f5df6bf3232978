/**
 * Larder's caching annotations: {@link dev.larder.annotation.Cached} memoization and
 * {@link dev.larder.annotation.CacheControl} to revalidate or evict. The JSR-107 annotations
 * ({@code javax.cache.annotation}) are supported by the same aspects. See {@code docs/annotations.md}.
 */
package dev.larder.annotation;
