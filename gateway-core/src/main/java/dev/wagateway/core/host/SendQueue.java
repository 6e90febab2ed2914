package dev.wagateway.core.host;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.internal.Threads;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.store.SentMessageStore;
import dev.wagateway.core.wire.Jid;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send queue of one session (docs/architecture.md, Send path): bounded, durable and drained in
 * order by the session's own worker. A message is accepted only once it is stored with its encoded
 * content ({@link SentMessageStore#enqueue}), so an accepted send survives a restart and is sent
 * once, under its id, when the session is ready again. The worker is a thread of this session alone
 * (a virtual thread on Java 21+, else a platform thread that lives while there is work): a blocked
 * network wait of one session never holds a thread another session needs. Before each message the
 * {@link SendPacing} may hold the worker back.
 */
final class SendQueue {
  private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

  /** One unit of work: a queued message, or a task such as the answer to a retry receipt. */
  private record Item(
      String id,
      Jid chat,
      Message message,
      boolean stored,
      CompletableFuture<String> done,
      Runnable task) {}

  private final Session session;
  private final MessageSender sender;
  private final int capacity;
  private final SendPacing pacing;
  private final Deque<Item> items = new ArrayDeque<>();
  private boolean draining;
  private volatile boolean closed;

  /** Stored messages are not in {@link #items}: the connection dropped; {@link #resume} loads. */
  private boolean suspended;

  SendQueue(Session session, MessageSender sender, int capacity, SendPacing pacing) {
    this.session = session;
    this.sender = sender;
    this.capacity = capacity;
    this.pacing = pacing;
  }

  /**
   * Stores the message in status pending with its content and queues it; returns its id at once.
   *
   * @throws GatewayException {@code queue_full} when {@code capacity} messages wait already, {@code
   *     not_connected} when the session is not ready
   */
  String accept(Jid chat, Message message, String type, String id) {
    SessionStatus status = session.snapshot().status();
    if (status != SessionStatus.READY) {
      throw new GatewayException(ErrorCode.NOT_CONNECTED, "the session is not connected");
    }
    synchronized (this) {
      if (closed) {
        throw new GatewayException(ErrorCode.HOST_CLOSED, "the session was closed");
      }
      if (items.size() >= capacity) {
        throw new GatewayException(
            ErrorCode.QUEUE_FULL,
            "the session's send queue is full (" + capacity + " messages); retry later");
      }
      sender.enqueue(id, chat, type, message.toByteArray());
      if (!suspended) {
        items.addLast(new Item(id, chat, message, true, null, null));
        startIfIdle();
      }
    }
    return id;
  }

  /** Queues a message recorded earlier (media); the future completes when it went out. */
  synchronized CompletableFuture<String> submit(Jid chat, Message message, String reservedId) {
    CompletableFuture<String> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(
          new GatewayException(ErrorCode.HOST_CLOSED, "the session was closed"));
      return done;
    }
    items.addLast(new Item(reservedId, chat, message, false, done, null));
    startIfIdle();
    return done;
  }

  /** Runs {@code task} on this session's worker, after what is queued. */
  synchronized void run(Runnable task) {
    if (closed) {
      return;
    }
    items.addLast(new Item(null, null, null, false, null, task));
    startIfIdle();
  }

  /**
   * Stops the worker after the message in hand (the host closes or the session is deleted): what is
   * stored stays queued for the next start; reserved media and tasks are dropped.
   */
  void close() {
    List<Item> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayList<>(items);
      items.clear();
    }
    GatewayException gone = new GatewayException(ErrorCode.HOST_CLOSED, "the session was closed");
    for (Item i : dropped) {
      if (i.done() != null) {
        i.done().completeExceptionally(gone);
      }
    }
  }

  /** Whether {@link #close} was called. */
  boolean closed() {
    return closed;
  }

  /** How many messages and tasks wait. */
  synchronized int size() {
    return items.size();
  }

  /**
   * The session is ready: queue again what is stored and not sent (after a restart or a dropped
   * connection), in the order it was accepted.
   */
  synchronized void resume() {
    if (closed || (draining && !suspended)) {
      return;
    }
    suspended = false;
    Deque<Item> kept = new ArrayDeque<>();
    for (Item i : items) {
      if (!i.stored()) {
        kept.addLast(i);
      }
    }
    items.clear();
    for (SentMessageStore.Queued q : sender.store().queued()) {
      try {
        Message message = Message.parseFrom(q.payload());
        items.addLast(
            new Item(q.message().id(), Jid.parse(q.message().to()), message, true, null, null));
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        log.warn("dropping an unreadable queued message: {}", e.getClass().getSimpleName());
        sender.failQueued(q.message().id(), q.message().to(), ErrorCode.INTERNAL_ERROR.wireName());
      }
    }
    items.addAll(kept);
    startIfIdle();
  }

  private void startIfIdle() {
    if (closed || draining || items.isEmpty()) {
      return;
    }
    draining = true;
    Threads.worker("wagateway-send-" + session.id, this::drain);
  }

  private void drain() {
    while (true) {
      Item next;
      int waiting;
      synchronized (this) {
        next = closed ? null : items.pollFirst();
        if (next == null) {
          draining = false;
          return;
        }
        waiting = items.size();
      }
      if (next.task() != null) {
        try {
          next.task().run();
        } catch (RuntimeException e) {
          log.warn("a send task failed: {}", e.getClass().getSimpleName());
        }
        continue;
      }
      if (!pace(next, waiting)) {
        return;
      }
      if (closed) {
        synchronized (this) {
          draining = false;
        }
        return;
      }
      if (!sendOne(next)) {
        return;
      }
    }
  }

  /** Sends one message; false when the worker stops (the queue was suspended). */
  private boolean sendOne(Item next) {
    try {
      try {
        sender.sendQueued(next.chat(), next.message(), next.id());
        if (next.stored()) {
          sender.store().dequeue(next.id());
        }
        if (next.done() != null) {
          next.done().complete(next.id());
        }
      } catch (GatewayException e) {
        if (next.stored() && (e.errorCode() == ErrorCode.NOT_CONNECTED || closed)) {
          // kept in the store; resume() sends it when the session is ready again
          suspend();
          return false;
        }
        if (next.stored()) {
          sender.store().dequeue(next.id());
        }
        if (next.done() != null) {
          next.done().completeExceptionally(e);
        }
      }
    } catch (RuntimeException e) {
      if (next.done() != null) {
        next.done().completeExceptionally(e);
      }
      log.warn("a queued message failed: {}", e.getClass().getSimpleName());
    }
    return true;
  }

  /** Waits as the pacing asks; false when interrupted (the worker stops, the queue is kept). */
  private boolean pace(Item next, int waiting) {
    Duration delay = pacing.delayBefore(session.id, next.chat().toString(), waiting);
    if (delay == null || delay.isZero() || delay.isNegative()) {
      return true;
    }
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        items.addFirst(next);
        draining = false;
      }
      return false;
    }
  }

  /** Keeps the stored messages for {@link #resume}; tasks and reserved media fail now. */
  private void suspend() {
    Deque<Item> dropped = new ArrayDeque<>();
    synchronized (this) {
      for (Item i : items) {
        if (!i.stored()) {
          dropped.addLast(i);
        }
      }
      items.clear();
      suspended = true;
      draining = false;
    }
    GatewayException notConnected =
        new GatewayException(ErrorCode.NOT_CONNECTED, "the session is not connected");
    for (Item i : dropped) {
      if (i.done() != null) {
        i.done().completeExceptionally(notConnected);
      }
    }
    if (!closed && session.snapshot().status() == SessionStatus.READY) {
      resume();
    }
  }
}
