package dev.wagateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for loopback tests: a fresh self-signed certificate for {@code localhost} (EC P-256, made by
 * the JDK's keytool, valid two days), a server context holding its key and a client trust manager
 * that trusts exactly that certificate. Exported with the core test-jar.
 */
public record LoopbackTls(SSLContext server, X509TrustManager trust, SSLSocketFactory client) {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /** Makes the certificate under {@code dir} (a test's temporary directory). */
  public static LoopbackTls create(Path dir) throws Exception {
    KeyStore keyStore = selfSignedLocalhost(dir);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keyStore);
    X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, new TrustManager[] {trust}, null);
    return new LoopbackTls(server, trust, client.getSocketFactory());
  }

  private static KeyStore selfSignedLocalhost(Path dir) throws Exception {
    Path file = dir.resolve("localhost.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("keytool.log")));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }
}
