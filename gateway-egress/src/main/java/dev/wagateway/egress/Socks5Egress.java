package dev.wagateway.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * Egress through a SOCKS5 proxy (RFC 1928), with username/password (RFC 1929) when configured. Host
 * names are sent as domain names (ATYP 3) for the proxy to resolve: this machine never looks up a
 * destination. The timeout bounds the connection to the proxy and the whole handshake (null or
 * non-positive: 30 s). Fails closed with {@link Egress.EgressUnavailableIOException}; messages as
 * for {@link HttpConnectEgress}, with the proxy's reply code in words (e.g. {@code proxy refused
 * connect: socks5 proxy 10.0.0.5:1080 could not reach g.whatsapp.net:443: host unreachable
 * (0x04)}).
 */
public final class Socks5Egress implements Egress {
  private final ProxyEndpoint proxy;

  public Socks5Egress(ProxyEndpoint proxy) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    if (proxy.kind() != ProxyEndpoint.Kind.SOCKS5) {
      throw new ValidationException("Socks5Egress needs a socks5:// proxy, got " + proxy);
    }
  }

  public ProxyEndpoint proxy() {
    return proxy;
  }

  @Override
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    return Socks5Handshake.open(proxy, host, port, timeout);
  }

  @Override
  public String toString() {
    return "Socks5Egress[" + proxy + "]";
  }
}
