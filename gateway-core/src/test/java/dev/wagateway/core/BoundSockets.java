package dev.wagateway.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Socket factories for loopback tests that need a given source address (e.g. an agent that must
 * appear to come from 127.0.0.4). Exported with the core test-jar.
 */
public final class BoundSockets {
  private BoundSockets() {}

  /**
   * A factory whose sockets bind to {@code ip} before they connect; it makes only unconnected
   * sockets (as OkHttp asks for), and refuses the connecting forms.
   */
  public static SocketFactory boundTo(String ip) {
    return new SocketFactory() {
      @Override
      public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
        return s;
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("sockets bound to " + ip + " are created unconnected");
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress local, int localPort)
          throws IOException {
        throw new IOException("sockets bound to " + ip + " are created unconnected");
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("sockets bound to " + ip + " are created unconnected");
      }

      @Override
      public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
          throws IOException {
        throw new IOException("sockets bound to " + ip + " are created unconnected");
      }
    };
  }
}
