package dev.wagateway.egress;

import dev.wagateway.core.transport.Egress;
import java.util.Objects;

/** Builds the {@link Egress} for a proxy. */
public final class Egresses {
  private Egresses() {}

  /** An {@link HttpConnectEgress} or a {@link Socks5Egress}, by the proxy's kind. */
  public static Egress of(ProxyEndpoint proxy) {
    Objects.requireNonNull(proxy, "proxy");
    switch (proxy.kind()) {
      case HTTP:
        return new HttpConnectEgress(proxy);
      case SOCKS5:
        return new Socks5Egress(proxy);
      default:
        throw new IllegalStateException("unknown proxy kind " + proxy.kind());
    }
  }

  /** Parses a proxy URI ({@link ProxyEndpoint#parse}) and builds its egress. */
  public static Egress of(String proxyUri) {
    return of(ProxyEndpoint.parse(proxyUri));
  }
}
