package dev.wagateway.egress.agent.internal.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stream half of a tunnel, shared by the gateway and the agent: the stream table, credit-based
 * flow control in both directions (docs/egress-tunnel.md §5) and stream close/reset (§4.1).
 *
 * <p>Memory is bounded: a stream buffers at most the stream window of received bytes and the whole
 * tunnel at most the connection window; a peer sending beyond its credit gets its stream reset (or
 * the tunnel ended). Writers block, for at most the write timeout, while they have no credit.
 * Frames go out through a {@link FrameSink}: control frames under the mux lock, DATA outside it, so
 * a sink may block briefly on a full socket (the agent's does) without stalling the reader or other
 * streams.
 */
public final class StreamMux {
  /** Largest window value (2^31-1). */
  public static final long MAX_WINDOW = Integer.MAX_VALUE;

  /**
   * Where frames go: the tunnel's WebSocket. Queues and returns, or writes at once; it may block
   * only while the socket's send buffer is full (the peer is reading).
   */
  public interface FrameSink {
    /** Returns false when the tunnel is closed. */
    boolean send(byte[] frame);

    /**
     * Sends a {@code DATA} frame for stream {@code id} carrying {@code b[off, off + len)}; the
     * array may be reused once this returns. The default builds the frame with {@link
     * Frame#encode}; a sink that copies anyway (the agent masks into its socket buffer) can take
     * the bytes from {@code b} directly.
     */
    default boolean sendData(long id, byte[] b, int off, int len) {
      return send(Frame.encode(Frame.DATA, id, b, off, len));
    }
  }

  /** The limits a tunnel runs with (sent in {@code WELCOME}). */
  public static final class Limits {
    public final int maxFrame;
    public final int streamWindow;
    public final int connectionWindow;
    public final int maxStreams;

    public Limits(int maxFrame, int streamWindow, int connectionWindow, int maxStreams) {
      if (maxFrame < 1 || streamWindow < 1 || connectionWindow < 1 || maxStreams < 1) {
        throw new IllegalArgumentException("tunnel limits must be positive");
      }
      this.maxFrame = maxFrame;
      this.streamWindow = streamWindow;
      this.connectionWindow = connectionWindow;
      this.maxStreams = maxStreams;
    }

    public static Limits defaults() {
      return new Limits(65536, 1 << 20, 4 << 20, 64);
    }
  }

  private final FrameSink sink;
  private final Limits limits;
  private final long writeTimeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Long, TunnelStream> streams = new HashMap<>();

  private long highestId;
  private long connSendWindow;
  private long connRecvRemaining;
  private long connConsumed;
  private long buffered;
  private long maxBuffered;
  private String failure;

  public StreamMux(FrameSink sink, Limits limits, long writeTimeoutMillis) {
    this.sink = sink;
    this.limits = limits;
    this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
    this.connSendWindow = limits.connectionWindow;
    this.connRecvRemaining = limits.connectionWindow;
  }

  public Limits limits() {
    return limits;
  }

  /** Opens the next stream id (the gateway's side). */
  public TunnelStream openNext() throws IOException {
    lock.lock();
    try {
      if (failure != null) {
        throw new IOException(failure);
      }
      if (streams.size() >= limits.maxStreams) {
        throw new IOException("tunnel already carries " + limits.maxStreams + " streams");
      }
      if (highestId >= 0xffffffffL) {
        throw new IOException("tunnel stream ids exhausted");
      }
      return add(highestId + 1);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers a stream the peer opened (the agent's side). Ids must increase: a reused or smaller
   * id is a protocol error.
   */
  public TunnelStream accept(long id) throws TunnelProtocolException {
    lock.lock();
    try {
      if (id <= highestId) {
        throw new TunnelProtocolException("OPEN for stream " + id + " which was already used");
      }
      return add(id);
    } finally {
      lock.unlock();
    }
  }

  /** Marks an id as used without a stream (an OPEN the agent refused). */
  public void skip(long id) throws TunnelProtocolException {
    lock.lock();
    try {
      if (id <= highestId) {
        throw new TunnelProtocolException("OPEN for stream " + id + " which was already used");
      }
      highestId = id;
    } finally {
      lock.unlock();
    }
  }

  private TunnelStream add(long id) {
    highestId = id;
    TunnelStream s = new TunnelStream(id);
    streams.put(id, s);
    return s;
  }

  /** The highest stream id used so far. */
  public long highestId() {
    lock.lock();
    try {
      return highestId;
    } finally {
      lock.unlock();
    }
  }

  /** Resets stream {@code id} if it is open. */
  public void resetId(long id, ResetCode code, String message) {
    lock.lock();
    try {
      TunnelStream s = streams.get(id);
      if (s != null) {
        resetLocked(s, code, message);
      }
    } finally {
      lock.unlock();
    }
  }

  public int openStreams() {
    lock.lock();
    try {
      return streams.size();
    } finally {
      lock.unlock();
    }
  }

  /** Received bytes not yet consumed, over all streams. */
  public long bufferedBytes() {
    lock.lock();
    try {
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  /** The highest {@link #bufferedBytes()} ever seen on this tunnel. */
  public long maxBufferedBytes() {
    lock.lock();
    try {
      return maxBuffered;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Dispatches a stream frame ({@code DATA}, {@code WINDOW_UPDATE}, {@code CLOSE}, {@code RESET}).
   */
  public void onFrame(Frame f) throws TunnelProtocolException {
    lock.lock();
    try {
      switch (f.type()) {
        case Frame.DATA:
          onData(f);
          break;
        case Frame.WINDOW_UPDATE:
          onWindowUpdate(f);
          break;
        case Frame.CLOSE:
          onClose(f);
          break;
        case Frame.RESET:
          onReset(f);
          break;
        default:
          throw new IllegalArgumentException("not a stream frame: " + f);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A stream frame for an id with no stream: dropped if the id was used, else a protocol error. */
  private boolean unknown(Frame f) throws TunnelProtocolException {
    if (f.streamId() == 0 || f.streamId() > highestId) {
      throw new TunnelProtocolException(
          Frame.typeName(f.type()) + " for stream " + f.streamId() + " which was never opened");
    }
    return true;
  }

  private void onData(Frame f) throws TunnelProtocolException {
    int n = f.payloadLength();
    if (n > connRecvRemaining) {
      throw new TunnelProtocolException("DATA beyond the connection window");
    }
    connRecvRemaining -= n;
    TunnelStream s = streams.get(f.streamId());
    if (s == null) {
      unknown(f);
      creditConnection(n);
      return;
    }
    if (n == 0) {
      resetLocked(s, ResetCode.PROTOCOL_ERROR, "empty DATA");
      return;
    }
    if (n > limits.maxFrame || n > s.recvRemaining) {
      creditConnection(n);
      resetLocked(s, ResetCode.FLOW_CONTROL_ERROR, "DATA beyond the stream window");
      return;
    }
    if (s.remoteClosed) {
      creditConnection(n);
      resetLocked(s, ResetCode.PROTOCOL_ERROR, "DATA after CLOSE");
      return;
    }
    s.recvRemaining -= n;
    if (s.inputShutdown) {
      s.consumed(n);
      return;
    }
    // The frame owns its message array, so the stream keeps it and skips the 6-byte header on
    // read instead of copying the payload out.
    s.chunks.add(f.message());
    s.bufferedBytes += n;
    buffered += n;
    maxBuffered = Math.max(maxBuffered, buffered);
    changed.signalAll();
  }

  private void onWindowUpdate(Frame f) throws TunnelProtocolException {
    long n = f.u32Payload();
    if (f.streamId() == 0) {
      if (n < 1 || n > MAX_WINDOW || connSendWindow + n > MAX_WINDOW) {
        throw new TunnelProtocolException("bad connection WINDOW_UPDATE " + n);
      }
      connSendWindow += n;
      changed.signalAll();
      return;
    }
    TunnelStream s = streams.get(f.streamId());
    if (s == null) {
      unknown(f);
      return;
    }
    if (n < 1 || n > MAX_WINDOW || s.sendWindow + n > MAX_WINDOW) {
      resetLocked(s, ResetCode.FLOW_CONTROL_ERROR, "bad WINDOW_UPDATE");
      return;
    }
    s.sendWindow += n;
    changed.signalAll();
  }

  private void onClose(Frame f) throws TunnelProtocolException {
    TunnelStream s = streams.get(f.streamId());
    if (s == null) {
      unknown(f);
      return;
    }
    if (s.remoteClosed) {
      resetLocked(s, ResetCode.PROTOCOL_ERROR, "second CLOSE");
      return;
    }
    s.remoteClosed = true;
    changed.signalAll();
  }

  private void onReset(Frame f) throws TunnelProtocolException {
    TunnelStream s = streams.get(f.streamId());
    if (s == null) {
      unknown(f);
      return;
    }
    byte[] p = f.payload();
    String code = p.length == 0 ? "unknown" : ResetCode.nameOf(p[0] & 0xff);
    String detail =
        p.length > 1
            ? " (" + new String(p, 1, p.length - 1, java.nio.charset.StandardCharsets.UTF_8) + ")"
            : "";
    s.endLocked("stream reset by peer: " + code + detail);
  }

  private void creditConnection(long n) {
    connConsumed += n;
    if (connConsumed >= limits.connectionWindow / 2 && failure == null) {
      long c = connConsumed;
      connConsumed = 0;
      connRecvRemaining += c;
      sink.send(Frame.u32(Frame.WINDOW_UPDATE, 0, c));
    }
  }

  private void resetLocked(TunnelStream s, ResetCode code, String message) {
    sink.send(Frame.reset(s.id, code, message));
    s.endLocked("stream reset: " + code.wireName() + " (" + message + ")");
  }

  /** The tunnel ended: every stream fails with {@code message}; no new stream opens. */
  public void fail(String message) {
    lock.lock();
    try {
      if (failure != null) {
        return;
      }
      failure = message;
      for (TunnelStream s : new ArrayList<>(streams.values())) {
        s.endLocked(message);
      }
      streams.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Resets every open stream with {@code code} (the tunnel is going away). */
  public void resetAll(ResetCode code, String message) {
    lock.lock();
    try {
      List<TunnelStream> all = new ArrayList<>(streams.values());
      for (TunnelStream s : all) {
        resetLocked(s, code, message);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void checkRange(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException(
          "range [" + off + ", " + off + " + " + len + ") of " + b.length);
    }
  }

  /** One multiplexed stream: an input stream fed by DATA and an output stream sending DATA. */
  public final class TunnelStream {
    final long id;

    /** Whole DATA messages; the payload of each starts at {@link Frame#HEADER}. */
    final ArrayDeque<byte[]> chunks = new ArrayDeque<>();

    /** Read position in the first chunk (starts past its header). */
    int headOffset = Frame.HEADER;

    long bufferedBytes;
    long recvRemaining = limits.streamWindow;
    long consumedSinceUpdate;
    long sendWindow = limits.streamWindow;
    boolean remoteClosed;
    boolean localClosed;
    boolean inputShutdown;
    boolean closed;
    String error;
    private volatile int readTimeoutMillis;

    /**
     * Held by a writer from taking credit to handing its frame to the sink. Lock order: this one,
     * then the mux lock.
     */
    private final ReentrantLock writeLock = new ReentrantLock();

    private final InputStream in = new In();
    private final OutputStream out = new Out();

    TunnelStream(long id) {
      this.id = id;
    }

    public long id() {
      return id;
    }

    public InputStream input() {
      return in;
    }

    public OutputStream output() {
      return out;
    }

    public void setReadTimeoutMillis(int millis) {
      readTimeoutMillis = millis;
    }

    public int readTimeoutMillis() {
      return readTimeoutMillis;
    }

    /** The error that ended the stream (reset, tunnel closed), or null. */
    public String error() {
      lock.lock();
      try {
        return error;
      } finally {
        lock.unlock();
      }
    }

    public boolean isInputShutdown() {
      lock.lock();
      try {
        return inputShutdown;
      } finally {
        lock.unlock();
      }
    }

    public boolean isOutputShutdown() {
      lock.lock();
      try {
        return localClosed;
      } finally {
        lock.unlock();
      }
    }

    /** Half-close: sends {@code CLOSE} (TCP FIN) once, after any DATA being written. */
    public void shutdownOutput() throws IOException {
      writeLock.lock();
      lock.lock();
      try {
        if (closed) {
          throw new SocketException("Socket is closed");
        }
        if (localClosed || error != null) {
          return;
        }
        localClosed = true;
        if (!sink.send(Frame.empty(Frame.CLOSE, id))) {
          throw new IOException("egress tunnel closed");
        }
        changed.signalAll();
      } finally {
        lock.unlock();
        writeLock.unlock();
      }
    }

    /** Discards buffered and later input (crediting the peer), without telling it. */
    public void shutdownInput() {
      lock.lock();
      try {
        if (inputShutdown) {
          return;
        }
        inputShutdown = true;
        long n = bufferedBytes;
        chunks.clear();
        headOffset = Frame.HEADER;
        bufferedBytes = 0;
        buffered -= n;
        consumed(n);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** Aborts the stream with {@code RESET code} (unless it already ended). */
    public void reset(ResetCode code, String message) {
      lock.lock();
      try {
        if (error == null && streams.get(id) == this) {
          resetLocked(this, code, message);
        }
      } finally {
        lock.unlock();
      }
    }

    /** Forgets the stream without telling the peer (it refused or never knew the stream). */
    public void abandon() {
      lock.lock();
      try {
        endLocked("stream abandoned");
        closed = true;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Closes the stream: {@code RESET cancel} unless both sides closed and all input was read, in
     * which case the stream simply ends.
     */
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        boolean finished = localClosed && remoteClosed && bufferedBytes == 0;
        if (error == null && streams.get(id) == this) {
          if (finished) {
            endLocked("stream closed");
          } else {
            resetLocked(this, ResetCode.CANCEL, "closed");
          }
        }
        closed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    public boolean isClosed() {
      lock.lock();
      try {
        return closed;
      } finally {
        lock.unlock();
      }
    }

    /** Removes the stream, drops its buffer (crediting the connection) and wakes its users. */
    void endLocked(String message) {
      if (error == null) {
        error = message;
      }
      if (streams.get(id) == this) {
        streams.remove(id);
      }
      long n = bufferedBytes;
      chunks.clear();
      headOffset = Frame.HEADER;
      bufferedBytes = 0;
      buffered -= n;
      if (failure == null) {
        creditConnection(n);
      }
      changed.signalAll();
    }

    /** {@code n} received bytes were consumed: credit the peer in batches of half a window. */
    void consumed(long n) {
      consumedSinceUpdate += n;
      if (consumedSinceUpdate >= limits.streamWindow / 2
          && !remoteClosed
          && error == null
          && failure == null) {
        long c = consumedSinceUpdate;
        consumedSinceUpdate = 0;
        recvRemaining += c;
        sink.send(Frame.u32(Frame.WINDOW_UPDATE, id, c));
      }
      creditConnection(n);
    }

    int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      lock.lock();
      try {
        int timeout = readTimeoutMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        while (true) {
          if (closed) {
            throw new SocketException("Socket is closed");
          }
          if (bufferedBytes > 0) {
            int n = 0;
            while (n < len && !chunks.isEmpty()) {
              byte[] head = chunks.peekFirst();
              int take = Math.min(len - n, head.length - headOffset);
              System.arraycopy(head, headOffset, b, off + n, take);
              n += take;
              headOffset += take;
              if (headOffset == head.length) {
                chunks.pollFirst();
                headOffset = Frame.HEADER;
              }
            }
            bufferedBytes -= n;
            buffered -= n;
            consumed(n);
            return n;
          }
          if (error != null) {
            throw new IOException(error);
          }
          if (remoteClosed || inputShutdown) {
            return -1;
          }
          if (timeout <= 0) {
            changed.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new SocketTimeoutException("Read timed out");
            }
            changed.awaitNanos(left);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the tunnel stream");
      } finally {
        lock.unlock();
      }
    }

    /**
     * Sends {@code b} as DATA frames as credit allows. Credit is taken under the mux lock; the
     * frame is built and handed to the sink outside it (under the stream's write lock, which keeps
     * this stream's DATA and CLOSE in order), so a sink that blocks on a full socket holds up
     * neither the reader nor other streams.
     */
    void write(byte[] b, int off, int len) throws IOException {
      writeLock.lock();
      try {
        while (len > 0) {
          int n;
          lock.lock();
          try {
            long deadline = System.nanoTime() + writeTimeoutNanos;
            while (true) {
              if (closed) {
                throw new SocketException("Socket is closed");
              }
              if (error != null) {
                throw new IOException(error);
              }
              if (localClosed) {
                throw new SocketException("Socket output is shut down");
              }
              if (sendWindow > 0 && connSendWindow > 0) {
                break;
              }
              long left = deadline - System.nanoTime();
              if (left <= 0) {
                throw new SocketTimeoutException(
                    "no tunnel send credit within "
                        + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos)
                        + " ms");
              }
              changed.awaitNanos(left);
            }
            long credit = Math.min(sendWindow, connSendWindow);
            n = (int) Math.min(len, Math.min(credit, limits.maxFrame));
            sendWindow -= n;
            connSendWindow -= n;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the tunnel stream");
          } finally {
            lock.unlock();
          }
          if (!sink.sendData(id, b, off, n)) {
            throw new IOException("egress tunnel closed");
          }
          off += n;
          len -= n;
        }
      } finally {
        writeLock.unlock();
      }
    }

    private final class In extends InputStream {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = TunnelStream.this.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        checkRange(b, off, len);
        return TunnelStream.this.read(b, off, len);
      }

      @Override
      public int available() {
        lock.lock();
        try {
          return (int) Math.min(Integer.MAX_VALUE, bufferedBytes);
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void close() {
        TunnelStream.this.close();
      }
    }

    private final class Out extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        TunnelStream.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        checkRange(b, off, len);
        TunnelStream.this.write(b, off, len);
      }

      @Override
      public void close() {
        TunnelStream.this.close();
      }
    }
  }
}
