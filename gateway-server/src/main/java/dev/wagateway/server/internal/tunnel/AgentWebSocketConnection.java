package dev.wagateway.server.internal.tunnel;

import dev.wagateway.egress.internal.ws.AgentWebSocketFrames;
import dev.wagateway.egress.tunnel.AgentChannel;
import dev.wagateway.egress.tunnel.AgentConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded agent WebSocket on Jetty's endpoint, framed by {@link AgentWebSocketFrames}.
 *
 * <p>Reading: fill a pooled 128 KiB buffer, feed it to the framing (which unmasks while copying
 * each message into its own array), hand whole messages to the {@link AgentConnection}, repeat
 * until the socket has nothing more, then wait for it to be readable again. Writing ({@link
 * AgentChannel}): frames are queued without blocking and one flusher at a time writes what is
 * queued with a gathering write (header and payload buffers as they are, no copy); the registry's
 * credit windows bound the queue. Pings are answered, a close frame is echoed, and the {@link
 * AgentConnection} hears {@code onClosed} exactly once.
 */
final class AgentWebSocketConnection extends AbstractConnection
    implements Connection.UpgradeTo, AgentChannel, AgentWebSocketFrames.Handler {
  private static final Logger log = LoggerFactory.getLogger(AgentWebSocketConnection.class);

  static final int READ_BUFFER = 128 * 1024;
  static final long IDLE_TIMEOUT_MILLIS = Duration.ofMinutes(5).toMillis();

  /** How long the peer has to answer our close frame before the socket is closed. */
  static final long CLOSE_TIMEOUT_MILLIS = 5_000;

  private static final int MAX_GATHER = 32;

  /** What is still read (and dropped) after the framing ended, before the socket is closed. */
  private static final long MAX_DRAIN = 4L << 20;

  private static final int ABNORMAL = 1006;
  private static final int GOING_AWAY = 1001;
  private static final int INTERNAL_ERROR = 1011;

  private final ByteBufferPool pool;
  private final String remoteIp;
  private final Function<AgentChannel, AgentConnection> acceptor;
  private final AgentWebSocketFrames frames = new AgentWebSocketFrames(this);
  private final Flusher flusher = new Flusher();
  private final AtomicBoolean reported = new AtomicBoolean();
  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private boolean closeQueued;
  private boolean closeFlushed;

  /** The peer's close frame came: the socket closes once our close frame is out. */
  private boolean peerClosed;

  private volatile AgentConnection connection;
  private ByteBuffer prefilled;
  // Reader thread only.
  private long drained;

  AgentWebSocketConnection(
      EndPoint endPoint,
      Executor executor,
      ByteBufferPool pool,
      String remoteIp,
      Function<AgentChannel, AgentConnection> acceptor) {
    super(endPoint, executor);
    this.pool = pool;
    this.remoteIp = remoteIp;
    this.acceptor = acceptor;
  }

  @Override
  public void onUpgradeTo(ByteBuffer buffer) {
    // Bytes the HTTP parser read past the upgrade request; its buffer goes back to its pool.
    if (buffer != null && buffer.hasRemaining()) {
      prefilled = ByteBuffer.allocate(buffer.remaining());
      prefilled.put(buffer).flip();
    }
  }

  @Override
  public void onOpen() {
    super.onOpen();
    getEndPoint().setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    try {
      connection = acceptor.apply(this);
    } catch (RuntimeException e) {
      log.warn("agent WebSocket from {} was not accepted", remoteIp, e);
      protocolClose(INTERNAL_ERROR, "internal error");
      return;
    }
    ByteBuffer early = prefilled;
    prefilled = null;
    if (early != null) {
      frames.feed(early);
    }
    fillInterested();
  }

  @Override
  public void onFillable() {
    RetainableByteBuffer.Mutable held = pool.acquire(READ_BUFFER, true);
    try {
      ByteBuffer buffer = held.getByteBuffer();
      while (true) {
        BufferUtil.clear(buffer);
        int n = getEndPoint().fill(buffer);
        if (n > 0) {
          // Once the framing ended (a close frame, or a protocol error answered with our close
          // frame), what still comes is read and dropped until the peer closes, the close
          // timeout, or a bound.
          if (!frames.feed(buffer) && (drained += buffer.remaining()) > MAX_DRAIN) {
            getEndPoint().close();
            return;
          }
        } else if (n == 0) {
          fillInterested();
          return;
        } else {
          ended(ABNORMAL, "connection ended without a close frame");
          return;
        }
      }
    } catch (IOException e) {
      ended(ABNORMAL, "read failed: " + e.getMessage());
    } finally {
      held.release();
    }
  }

  @Override
  public void onFillInterestedFailed(Throwable cause) {
    ended(ABNORMAL, "read failed: " + cause.getMessage());
  }

  @Override
  public boolean onIdleExpired(TimeoutException timeout) {
    boolean closing;
    synchronized (lock) {
      closing = closeQueued;
    }
    if (closing) {
      // Our close frame went unanswered (or could not be written): give up on the socket.
      getEndPoint().close();
    } else {
      protocolClose(GOING_AWAY, "idle timeout");
    }
    return false;
  }

  @Override
  public void onClose(Throwable cause) {
    super.onClose(cause);
    synchronized (lock) {
      queue.clear();
      closeQueued = true;
    }
    report(ABNORMAL, cause == null ? "connection closed" : "connection failed: " + cause);
  }

  // ---- from the framing (reader thread) ---------------------------------------------------

  @Override
  public void onBinary(byte[] message) {
    AgentConnection c = connection;
    if (c != null && !reported.get()) {
      try {
        c.onBinary(message);
      } catch (RuntimeException e) {
        log.warn("agent connection from {} failed on a message", remoteIp, e);
        protocolClose(INTERNAL_ERROR, "internal error");
      }
    }
  }

  @Override
  public void onText(String message) {
    AgentConnection c = connection;
    if (c != null && !reported.get()) {
      try {
        c.onText(message);
      } catch (RuntimeException e) {
        log.warn("agent connection from {} failed on a message", remoteIp, e);
        protocolClose(INTERNAL_ERROR, "internal error");
      }
    }
  }

  @Override
  public void onPing(byte[] payload) {
    enqueue(AgentWebSocketFrames.pong(payload), null);
  }

  @Override
  public void onClose(int code, String reason) {
    boolean shut;
    synchronized (lock) {
      peerClosed = true;
      if (!closeQueued) {
        closeQueued = true;
        queue.add(AgentWebSocketFrames.close(code, ""));
      }
      shut = closeFlushed;
    }
    // Reported before the socket closes: closing it reports 1006 from another thread.
    report(code, reason);
    if (shut) {
      getEndPoint().close();
    } else {
      getEndPoint().setIdleTimeout(CLOSE_TIMEOUT_MILLIS);
      flusher.iterate();
    }
  }

  @Override
  public void onProtocolError(int closeCode, String message) {
    protocolClose(closeCode, message);
  }

  /** Ends the stream from our side: close frame with {@code code}, then the socket. */
  private void protocolClose(int code, String why) {
    synchronized (lock) {
      if (!closeQueued) {
        closeQueued = true;
        queue.add(AgentWebSocketFrames.close(code, why));
      }
    }
    getEndPoint().setIdleTimeout(CLOSE_TIMEOUT_MILLIS);
    report(code, why);
    flusher.iterate();
  }

  private void ended(int code, String why) {
    report(code, why);
    getEndPoint().close();
  }

  private void report(int code, String reason) {
    if (!reported.compareAndSet(false, true)) {
      return;
    }
    AgentConnection c = connection;
    if (c != null) {
      try {
        c.onClosed(code, reason);
      } catch (RuntimeException e) {
        log.warn("agent connection from {} failed on close", remoteIp, e);
      }
    }
  }

  // ---- AgentChannel (any thread) ----------------------------------------------------------

  @Override
  public boolean sendBinary(byte[] message) {
    return enqueue(AgentWebSocketFrames.binaryHeader(message.length), ByteBuffer.wrap(message));
  }

  /** A text message (the tunnel sends none; for tests of the framing). */
  boolean sendText(String message) {
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    return enqueue(AgentWebSocketFrames.textHeader(utf8.length), ByteBuffer.wrap(utf8));
  }

  @Override
  public void close(int code, String reason) {
    synchronized (lock) {
      if (closeQueued) {
        return;
      }
      closeQueued = true;
      queue.add(AgentWebSocketFrames.close(code, reason));
    }
    // From now on the socket closes after this long without progress.
    getEndPoint().setIdleTimeout(CLOSE_TIMEOUT_MILLIS);
    flusher.iterate();
  }

  @Override
  public String remoteIp() {
    return remoteIp;
  }

  private boolean enqueue(ByteBuffer first, ByteBuffer second) {
    synchronized (lock) {
      if (closeQueued) {
        return false;
      }
      queue.add(first);
      if (second != null) {
        queue.add(second);
      }
    }
    flusher.iterate();
    return true;
  }

  /**
   * After our close frame went out: close now if the peer's already came, else wait for it (the
   * close timeout is running).
   */
  private void closeFlushed() {
    boolean shut;
    synchronized (lock) {
      closeFlushed = true;
      shut = peerClosed;
    }
    if (shut) {
      getEndPoint().close();
    }
  }

  /** Writes what is queued, one gathering write at a time. */
  private final class Flusher extends IteratingCallback {
    private boolean closeInFlight;

    @Override
    protected Action process() {
      ByteBuffer[] batch;
      synchronized (lock) {
        if (queue.isEmpty()) {
          return Action.IDLE;
        }
        batch = new ByteBuffer[Math.min(queue.size(), MAX_GATHER)];
        for (int i = 0; i < batch.length; i++) {
          batch[i] = queue.poll();
        }
        // The close frame is always the last one queued.
        closeInFlight = closeQueued && queue.isEmpty();
      }
      getEndPoint().write(this, batch);
      return Action.SCHEDULED;
    }

    @Override
    protected void onSuccess() {
      if (closeInFlight) {
        closeInFlight = false;
        closeFlushed();
      }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      ended(ABNORMAL, "write failed: " + cause.getMessage());
    }

    @Override
    public InvocationType getInvocationType() {
      // process() and onSuccess() never block: a finished write may continue on the selector.
      return InvocationType.NON_BLOCKING;
    }
  }
}
