package dev.wagateway.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An unconnected socket that, when connected, asks an {@link Egress} for the stream and delegates
 * every operation to the socket the egress returns. It never connects a socket of its own: the
 * superclass's connecting and binding paths are all overridden, so a bug elsewhere cannot turn it
 * into a direct connection.
 *
 * <p>The destination handed to the egress is {@link InetSocketAddress#getHostString()}, which for
 * the placeholder addresses of {@link OkHttpEgress#dns()} is the host name, unresolved.
 */
// Socket synchronizes these methods to guard its own SocketImpl, which we never use: our state is
// a volatile delegate plus fields under our own lock.
@SuppressWarnings("UnsynchronizedOverridesSynchronized")
final class EgressSocket extends Socket {
  private final Egress egress;
  private final Object lock = new Object();

  /** Options set before connect, applied to the delegate once it exists. */
  private final List<SocketOptionSetter> pending = new ArrayList<>();

  private volatile Socket delegate;
  private volatile boolean closed;
  private boolean connecting;
  private int pendingSoTimeout;

  EgressSocket(Egress egress) {
    this.egress = egress;
  }

  /** The host as given, without reverse or forward DNS: the name if the address has one. */
  static String hostString(InetAddress address) {
    String text = address.toString();
    int slash = text.indexOf('/');
    return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    connect(endpoint, 0);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
    if (!(endpoint instanceof InetSocketAddress)) {
      throw new Egress.EgressUnavailableIOException(
          "egress socket needs an InetSocketAddress, got " + endpoint);
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("connect: timeout can't be negative");
    }
    synchronized (lock) {
      if (closed) {
        throw new SocketException("Socket is closed");
      }
      if (delegate != null || connecting) {
        throw new SocketException("already connected");
      }
      connecting = true;
    }
    InetSocketAddress target = (InetSocketAddress) endpoint;
    Duration timeout =
        timeoutMillis == 0
            ? EgressSocketFactory.DEFAULT_CONNECT_TIMEOUT
            : Duration.ofMillis(timeoutMillis);
    Socket connected;
    try {
      connected = egress.connect(target.getHostString(), target.getPort(), timeout);
    } finally {
      synchronized (lock) {
        connecting = false;
      }
    }
    if (connected == null) {
      throw new Egress.EgressUnavailableIOException("egress returned no socket");
    }
    List<SocketOptionSetter> toApply;
    synchronized (lock) {
      if (closed) {
        connected.close();
        throw new SocketException("Socket closed while connecting");
      }
      delegate = connected;
      toApply = new ArrayList<>(pending);
      pending.clear();
    }
    try {
      for (SocketOptionSetter setter : toApply) {
        setter.apply(connected);
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    throw new SocketException("egress sockets cannot bind a local address");
  }

  private Socket connected() throws SocketException {
    Socket d = delegate;
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    if (d == null) {
      throw new SocketException("Socket is not connected");
    }
    return d;
  }

  private void setOrDefer(SocketOptionSetter setter) throws SocketException {
    synchronized (lock) {
      if (closed) {
        throw new SocketException("Socket is closed");
      }
      if (delegate == null) {
        pending.add(setter);
        return;
      }
    }
    setter.applyUnchecked(delegate);
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return connected().getInputStream();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return connected().getOutputStream();
  }

  @Override
  public SocketChannel getChannel() {
    return null;
  }

  @Override
  public InetAddress getInetAddress() {
    Socket d = delegate;
    return d == null ? null : d.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    Socket d = delegate;
    return d == null ? InetAddress.getLoopbackAddress() : d.getLocalAddress();
  }

  @Override
  public int getPort() {
    Socket d = delegate;
    return d == null ? 0 : d.getPort();
  }

  @Override
  public int getLocalPort() {
    Socket d = delegate;
    return d == null ? -1 : d.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    Socket d = delegate;
    return d == null ? null : d.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    Socket d = delegate;
    return d == null ? null : d.getLocalSocketAddress();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout can't be negative");
    }
    synchronized (lock) {
      pendingSoTimeout = timeout;
    }
    setOrDefer(s -> s.setSoTimeout(timeout));
  }

  @Override
  public int getSoTimeout() throws SocketException {
    Socket d = delegate;
    if (d == null) {
      synchronized (lock) {
        return pendingSoTimeout;
      }
    }
    return d.getSoTimeout();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    setOrDefer(s -> s.setTcpNoDelay(on));
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return connected().getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    setOrDefer(s -> s.setSoLinger(on, linger));
  }

  @Override
  public int getSoLinger() throws SocketException {
    return connected().getSoLinger();
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    connected().sendUrgentData(data);
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    setOrDefer(s -> s.setOOBInline(on));
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    return connected().getOOBInline();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    setOrDefer(s -> s.setSendBufferSize(size));
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return connected().getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    setOrDefer(s -> s.setReceiveBufferSize(size));
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return connected().getReceiveBufferSize();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    setOrDefer(s -> s.setKeepAlive(on));
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return connected().getKeepAlive();
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    setOrDefer(s -> s.setTrafficClass(tc));
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return connected().getTrafficClass();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    setOrDefer(s -> s.setReuseAddress(on));
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return connected().getReuseAddress();
  }

  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    // Advisory only; the egress decides how its stream is carried.
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    setOrDefer(s -> s.setOption(name, value));
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return connected().getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    Socket d = delegate;
    return d == null ? Set.of() : d.supportedOptions();
  }

  @Override
  public void shutdownInput() throws IOException {
    connected().shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    connected().shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    Socket d;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      d = delegate;
      pending.clear();
    }
    if (d != null) {
      d.close();
    }
  }

  @Override
  public boolean isConnected() {
    Socket d = delegate;
    return d != null && d.isConnected();
  }

  @Override
  public boolean isBound() {
    Socket d = delegate;
    return d != null && d.isBound();
  }

  @Override
  public boolean isClosed() {
    Socket d = delegate;
    return closed || (d != null && d.isClosed());
  }

  @Override
  public boolean isInputShutdown() {
    Socket d = delegate;
    return d != null && d.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    Socket d = delegate;
    return d != null && d.isOutputShutdown();
  }

  @Override
  public String toString() {
    Socket d = delegate;
    return d == null ? "EgressSocket[unconnected]" : "EgressSocket[" + d + "]";
  }

  /** A socket option change, replayed on the delegate once connected. */
  @FunctionalInterface
  private interface SocketOptionSetter {
    void apply(Socket socket) throws IOException;

    default void applyUnchecked(Socket socket) throws SocketException {
      try {
        apply(socket);
      } catch (SocketException e) {
        throw e;
      } catch (IOException e) {
        SocketException wrapped = new SocketException(e.getMessage());
        wrapped.initCause(e);
        throw wrapped;
      }
    }
  }
}
