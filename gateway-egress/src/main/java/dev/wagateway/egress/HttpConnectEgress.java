package dev.wagateway.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * Egress through an HTTP proxy with {@code CONNECT}, optionally with Basic credentials. The
 * destination host name goes to the proxy unresolved. The timeout bounds the connection to the
 * proxy and its answer together (null or non-positive: 30 s). Fails closed with {@link
 * Egress.EgressUnavailableIOException}; its message starts with one of {@code proxy auth refused},
 * {@code proxy unreachable}, {@code proxy timeout}, {@code bad proxy reply}, {@code proxy refused
 * connect}, {@code bad destination}.
 */
public final class HttpConnectEgress implements Egress {
  private final ProxyEndpoint proxy;

  public HttpConnectEgress(ProxyEndpoint proxy) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    if (proxy.kind() != ProxyEndpoint.Kind.HTTP) {
      throw new ValidationException("HttpConnectEgress needs an http:// proxy, got " + proxy);
    }
  }

  public ProxyEndpoint proxy() {
    return proxy;
  }

  @Override
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    return HttpConnectHandshake.open(proxy, host, port, timeout);
  }

  @Override
  public String toString() {
    return "HttpConnectEgress[" + proxy + "]";
  }
}
