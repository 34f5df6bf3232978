package dev.larder.http.management;

/**
 * JMX view of an HTTP response cache, registered as
 * {@code dev.larder.http:type=HttpResponseCache,cache=<cache name>}.
 */
public interface HttpResponseCacheMXBean {

  /** @return the names of the endpoints */
  String[] getEndpoints();

  /** @return the name of the Larder cache holding the responses */
  String getCacheName();

  /**
   * Removes every stored response.
   *
   * @return how many entries were removed
   */
  long clearAll();

  /**
   * Removes the stored responses of one endpoint.
   *
   * @param endpoint the endpoint's name
   * @return how many entries were removed
   */
  long clearEndpoint(String endpoint);

  /**
   * Removes the stored responses of one URL (all its variants).
   *
   * @param pathAndQuery the path inside the web application with its query, e.g. {@code /users/42}
   * @return how many entries were removed
   */
  long clearEntry(String pathAndQuery);
}
