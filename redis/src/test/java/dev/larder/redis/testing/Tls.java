package dev.larder.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate authority and a server certificate for 127.0.0.1 made at test time with {@code
 * openssl}, for a TLS {@link RedisServer}.
 *
 * @param ca the CA certificate (PEM), which clients trust
 * @param cert the server's certificate (PEM)
 * @param key the server's private key (PEM)
 */
record Tls(Path ca, Path cert, Path key) {

  static Tls make() {
    try {
      Path dir = Files.createTempDirectory("larder-tls-");
      Path caKey = dir.resolve("ca.key");
      Path ca = dir.resolve("ca.pem");
      Path key = dir.resolve("server.key");
      Path csr = dir.resolve("server.csr");
      Path cert = dir.resolve("server.pem");
      Path ext = dir.resolve("san.ext");
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
          "-days", "2", "-subj", "/CN=Larder test CA");
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
          "-subj", "/CN=127.0.0.1");
      openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
          "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
      return new Tls(ca, cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    String out = RedisServer.run(command);
    if (out.toLowerCase(java.util.Locale.ROOT).contains("error")) {
      throw new IllegalStateException("openssl failed: " + out);
    }
  }
}
