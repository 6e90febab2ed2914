package dev.wagateway.core.transport;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * Routes an OkHttp client (WebSocket and media HTTP) through an {@link Egress}, so that OkHttp
 * never opens a socket of its own to the destination.
 *
 * <p>{@link #configure} installs three things on the builder:
 *
 * <ul>
 *   <li>a socket factory whose sockets call {@link Egress#connect} when OkHttp connects them;
 *   <li>a {@link Dns} that never resolves: it hands OkHttp a placeholder address (never routed)
 *       that carries the host name, which the socket passes unresolved to the egress (the proxy
 *       resolves it);
 *   <li>{@link Proxy#NO_PROXY}, so neither a system proxy selector nor an OkHttp proxy setting can
 *       take a path that bypasses the socket factory.
 * </ul>
 *
 * <p>If the egress throws, the call fails with that exception; there is no direct fallback.
 */
public final class OkHttpEgress {
  private OkHttpEgress() {}

  /** Installs {@code egress} on {@code builder} (socket factory, DNS, no proxy) and returns it. */
  public static OkHttpClient.Builder configure(OkHttpClient.Builder builder, Egress egress) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(egress, "egress");
    return builder.proxy(Proxy.NO_PROXY).socketFactory(socketFactory(egress)).dns(dns());
  }

  /** A socket factory whose sockets connect only through {@code egress}. */
  public static SocketFactory socketFactory(Egress egress) {
    return new EgressSocketFactory(Objects.requireNonNull(egress, "egress"));
  }

  /** A {@link Dns} that never queries a resolver; see {@link #configure}. */
  public static Dns dns() {
    return UnresolvedDns.INSTANCE;
  }

  /**
   * Returns one placeholder address per host, labelled with the host name. Only the label is used:
   * {@link EgressSocket} passes {@code getHostString()} to the egress. The address itself is in
   * {@code 2001:db8::/32} (IPv6 documentation prefix, RFC 3849, never routed) and derived from the
   * host name, so different hosts never share an address and OkHttp never coalesces their
   * connections as if they were one server.
   */
  static final class UnresolvedDns implements Dns {
    static final UnresolvedDns INSTANCE = new UnresolvedDns();

    private UnresolvedDns() {}

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      if (hostname == null || hostname.isEmpty()) {
        throw new UnknownHostException("empty host name");
      }
      byte[] digest;
      try {
        digest =
            MessageDigest.getInstance("SHA-256")
                .digest(hostname.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 unavailable", e);
      }
      byte[] placeholder = new byte[16];
      placeholder[0] = 0x20;
      placeholder[1] = 0x01;
      placeholder[2] = 0x0d;
      placeholder[3] = (byte) 0xb8;
      System.arraycopy(digest, 0, placeholder, 4, 12);
      return List.of(InetAddress.getByAddress(hostname, placeholder));
    }
  }
}
