package dev.wagateway.egress.internal.tunnel;

import dev.wagateway.egress.agent.internal.tunnel.StreamMux.TunnelStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A connected socket whose streams are one tunnel stream. It has no file descriptor of its own:
 * every method that would touch one is overridden, options are accepted and ignored (the agent's
 * socket carries the TCP connection), and it can never be connected or bound again.
 */
// Socket synchronizes these methods to guard its own SocketImpl, which we never use: the state
// lives in the thread-safe tunnel stream.
@SuppressWarnings("UnsynchronizedOverridesSynchronized")
public final class TunnelSocket extends Socket {
  private final TunnelStream stream;
  private final InetSocketAddress remote;

  public TunnelSocket(TunnelStream stream, String host, int port, String remoteIp)
      throws SocketException {
    super((SocketImpl) null);
    this.stream = stream;
    InetAddress address = null;
    if (remoteIp != null) {
      try {
        address = InetAddress.getByAddress(host, literal(remoteIp));
      } catch (IOException | IllegalArgumentException e) {
        address = null;
      }
    }
    this.remote =
        address == null
            ? InetSocketAddress.createUnresolved(host, port)
            : new InetSocketAddress(address, port);
  }

  /**
   * Parses an IPv4/IPv6 literal. Only dotted quads and hex/colon strings get here, and {@link
   * InetAddress#getByName} parses those without any DNS query.
   */
  private static byte[] literal(String ip) throws IOException {
    boolean v4 = ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = ip.indexOf(':') >= 0 && ip.matches("[0-9A-Fa-f.:]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not an IP literal");
    }
    return InetAddress.getByName(ip).getAddress();
  }

  public TunnelStream stream() {
    return stream;
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    throw new SocketException("already connected");
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    throw new SocketException("already connected");
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    throw new SocketException("tunnel sockets cannot bind a local address");
  }

  @Override
  public InputStream getInputStream() throws IOException {
    checkOpen();
    return stream.input();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    checkOpen();
    return stream.output();
  }

  private void checkOpen() throws SocketException {
    if (stream.isClosed()) {
      throw new SocketException("Socket is closed");
    }
  }

  @Override
  public SocketChannel getChannel() {
    return null;
  }

  @Override
  public InetAddress getInetAddress() {
    return remote.getAddress();
  }

  @Override
  public int getPort() {
    return remote.getPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return remote;
  }

  @Override
  public InetAddress getLocalAddress() {
    return InetAddress.getLoopbackAddress();
  }

  @Override
  public int getLocalPort() {
    return -1;
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return null;
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout can't be negative");
    }
    checkOpen();
    stream.setReadTimeoutMillis(timeout);
  }

  @Override
  public int getSoTimeout() {
    return stream.readTimeoutMillis();
  }

  @Override
  public void setTcpNoDelay(boolean on) {
    // The agent's socket carries the TCP connection; tunnel frames are sent as written.
  }

  @Override
  public boolean getTcpNoDelay() {
    return true;
  }

  @Override
  public void setSoLinger(boolean on, int linger) {
    // A close that isn't a finished half-close always resets the stream.
  }

  @Override
  public int getSoLinger() {
    return -1;
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    throw new SocketException("urgent data is not carried by the egress tunnel");
  }

  @Override
  public void setOOBInline(boolean on) {
    // Urgent data is never carried, so there is nothing to inline.
  }

  @Override
  public boolean getOOBInline() {
    return false;
  }

  @Override
  public void setSendBufferSize(int size) {
    // Buffering is bounded by the tunnel's flow-control windows.
  }

  @Override
  public int getSendBufferSize() {
    return 65536;
  }

  @Override
  public void setReceiveBufferSize(int size) {
    // Buffering is bounded by the tunnel's flow-control windows.
  }

  @Override
  public int getReceiveBufferSize() {
    return 65536;
  }

  @Override
  public void setKeepAlive(boolean on) {
    // The tunnel has its own heartbeats.
  }

  @Override
  public boolean getKeepAlive() {
    return false;
  }

  @Override
  public void setTrafficClass(int tc) {
    // Not applicable to a tunnel stream.
  }

  @Override
  public int getTrafficClass() {
    return 0;
  }

  @Override
  public void setReuseAddress(boolean on) {
    // Not applicable to a tunnel stream.
  }

  @Override
  public boolean getReuseAddress() {
    return false;
  }

  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    // Advisory only.
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) {
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    throw new SocketException("tunnel sockets have no option " + name.name());
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of();
  }

  @Override
  public void shutdownInput() throws IOException {
    checkOpen();
    stream.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    checkOpen();
    stream.shutdownOutput();
  }

  @Override
  public void close() {
    stream.close();
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public boolean isBound() {
    return true;
  }

  @Override
  public boolean isClosed() {
    return stream.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return stream.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return stream.isOutputShutdown();
  }

  @Override
  public String toString() {
    return "TunnelSocket[stream=" + stream.id() + ", remote=" + remote + "]";
  }
}
