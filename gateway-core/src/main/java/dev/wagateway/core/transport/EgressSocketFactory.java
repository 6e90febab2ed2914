package dev.wagateway.core.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * Creates {@link EgressSocket}s. The connecting overloads of {@link SocketFactory} connect through
 * the egress too, with {@link #DEFAULT_CONNECT_TIMEOUT}.
 */
final class EgressSocketFactory extends SocketFactory {
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final Egress egress;

  EgressSocketFactory(Egress egress) {
    this.egress = egress;
  }

  @Override
  public Socket createSocket() {
    return new EgressSocket(egress);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return egress.connect(host, port, DEFAULT_CONNECT_TIMEOUT);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    throw new Egress.EgressUnavailableIOException("egress sockets cannot bind a local address");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return egress.connect(EgressSocket.hostString(host), port, DEFAULT_CONNECT_TIMEOUT);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    throw new Egress.EgressUnavailableIOException("egress sockets cannot bind a local address");
  }
}
