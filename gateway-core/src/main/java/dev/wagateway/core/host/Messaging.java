package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.internal.messaging.DecodedMessage;
import dev.wagateway.core.internal.messaging.DedupCache;
import dev.wagateway.core.internal.messaging.InboundMessage;
import dev.wagateway.core.internal.messaging.MessageDecryptor;
import dev.wagateway.core.internal.messaging.MessageEncryptor;
import dev.wagateway.core.internal.messaging.MessageIds;
import dev.wagateway.core.internal.messaging.OwnDevice;
import dev.wagateway.core.internal.messaging.PlaintextJournal;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.MessageJournalStore;
import dev.wagateway.core.store.SentMessageStore;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The messaging state of one session, shared by {@link MessageReceiver} (on the actor) and {@link
 * MessageSender} (on the session's send executor): the Signal protocol over the session's store,
 * the dedup cache (lives as long as the session object, so a redelivery after a reconnect in the
 * same process is recognised), the recently sent messages kept for retry receipts, and the records
 * of sent messages (in the session's {@link SentMessageStore}, so their status survives a restart).
 * The maps are bounded and guarded by this object.
 */
final class Messaging {
  static final int RECENT_CAPACITY = 256;
  static final int STATUS_CAPACITY = 4096;
  static final int DEDUP_CAPACITY = 4096;

  /**
   * How long decrypted plaintexts stay journaled for replay after a crash: long enough for the
   * server's redelivery at the next login, short enough not to become a message archive.
   */
  static final Duration JOURNAL_RETENTION = Duration.ofDays(3);

  static final Duration JOURNAL_PRUNE_EVERY = Duration.ofHours(1);

  /** How long the keys of received messages are kept (for replies and reactions to them). */
  static final Duration RECEIVED_RETENTION = Duration.ofDays(30);

  /** How long sent-message records are kept (the API promises at least 30 days). */
  static final Duration SENT_RETENTION = Duration.ofDays(31);

  /** A message we sent, kept for retry receipts and receipts. */
  record Sent(String id, Jid chat, Message message, boolean group) {}

  final Session session;
  final DedupCache dedup = new DedupCache(DEDUP_CAPACITY);
  private final Map<String, Sent> recent = bounded(RECENT_CAPACITY);
  private final Map<String, Integer> retries = bounded(RECENT_CAPACITY);
  private final Map<String, Boolean> acks = bounded(STATUS_CAPACITY);

  /** {@link #own()} derived from one credentials object. */
  private record OwnSnapshot(DeviceCredentials creds, OwnDevice own) {}

  private volatile OwnSnapshot ownSnapshot;
  private SignalProtocol signal;
  private MessageIds ids;
  private long lastPrune;
  private long lastSentPrune;

  Messaging(Session session) {
    this.session = session;
  }

  synchronized SignalProtocol signal() {
    if (signal == null) {
      signal = new SignalProtocol(session.host.store, session.id, session.host.config.random());
    }
    return signal;
  }

  synchronized MessageIds ids() {
    if (ids == null) {
      ids = new MessageIds(session.host.clock(), session.host.config.random());
    }
    return ids;
  }

  MessageEncryptor encryptor() {
    return new MessageEncryptor(signal(), session.host.config.random());
  }

  MessageDecryptor decryptor() {
    DeviceStore device = session.host.store.device(session.id);
    MessageJournalStore store = device.messageJournal();
    long now = session.now().toEpochMilli();
    synchronized (this) {
      if (now - lastPrune > JOURNAL_PRUNE_EVERY.toMillis()) {
        lastPrune = now;
        store.deleteOlderThan(now - JOURNAL_RETENTION.toMillis());
        device.receivedMessages().deleteOlderThan(now - RECEIVED_RETENTION.toMillis());
      }
    }
    return new MessageDecryptor(
        signal(),
        dedup,
        UnaryOperator.identity(),
        PlaintextJournal.durable(store),
        this::recordReceived);
  }

  /** Keeps who sent a decrypted message, in the transaction that decrypted it. */
  private void recordReceived(DeviceStore tx, InboundMessage in, DecodedMessage decoded) {
    tx.receivedMessages()
        .record(
            new ReceivedMessage(
                session.id,
                chatOf(in, decoded),
                in.id(),
                in.sender().toNonAd().toString(),
                own().isOwnAccount(in.sender()),
                session.now()));
  }

  /**
   * The chat of a received message as events and replies name it: the recipient of a message our
   * other device sent, else the chat it arrived in (user without device, or group).
   */
  static String chatOf(InboundMessage in, DecodedMessage decoded) {
    return decoded.deviceSent() ? decoded.destinationJid() : in.chat().toNonAd().toString();
  }

  /**
   * Our own device addresses, from the session's current account; safe from any thread. The
   * credentials are read once (a volatile read of an immutable record) and the addresses derived
   * from them are published with them as one immutable value, so a caller never sees the addresses
   * of an account the session no longer has, nor a mix of two.
   *
   * @throws GatewayException {@code not_paired} when the session has no account
   */
  @SuppressWarnings(
      "ReferenceEquality") // identity: the snapshot is valid only for this very credentials object
  OwnDevice own() {
    DeviceCredentials c = session.creds;
    OwnSnapshot known = ownSnapshot;
    if (known != null && known.creds() == c) {
      return known.own();
    }
    if (c == null || c.account() == null) {
      throw new GatewayException(ErrorCode.NOT_PAIRED, "the session is not paired");
    }
    Jid jid = Jid.parse(c.account().jid());
    Jid lid = null;
    if (c.account().lid() != null) {
      Jid parsed = Jid.parse(c.account().lid());
      lid = parsed.isLid() ? Jid.of(parsed.user(), Jid.LID_SERVER, jid.device()) : null;
    }
    OwnDevice own = new OwnDevice(jid, lid);
    ownSnapshot = new OwnSnapshot(c, own);
    return own;
  }

  /**
   * Our account's signed device identity (ADV), read from one credentials object.
   *
   * @throws GatewayException {@code not_paired} when the session has no account
   */
  byte[] signedIdentity() {
    DeviceCredentials c = session.creds;
    if (c == null || c.account() == null) {
      throw new GatewayException(ErrorCode.NOT_PAIRED, "the session is not paired");
    }
    return c.account().signedIdentity();
  }

  private SentMessageStore sentStore() {
    return session.host.store.device(session.id).sentMessages();
  }

  /**
   * Stores the record of a message about to be encrypted, in status pending: it exists before any
   * Signal state the send uses is written, so nothing goes out without a record.
   */
  SentMessage record(String id, Jid chat, String type) {
    SentMessageStore store = prunedSentStore();
    SentMessage pending = SentMessage.pending(id, session.id, chat.toString(), type, session.now());
    store.insert(pending);
    return pending;
  }

  /**
   * Stores the record of a message accepted into the send queue, in status pending, with its
   * encoded content ({@link SentMessageStore#enqueue}), in one transaction.
   */
  SentMessage enqueue(String id, Jid chat, String type, byte[] payload) {
    SentMessageStore store = prunedSentStore();
    SentMessage pending = SentMessage.pending(id, session.id, chat.toString(), type, session.now());
    store.enqueue(pending, payload);
    return pending;
  }

  /** The sent-message store, pruned of old records at most once per prune interval. */
  private SentMessageStore prunedSentStore() {
    long now = session.now().toEpochMilli();
    boolean prune;
    synchronized (this) {
      prune = now - lastSentPrune > JOURNAL_PRUNE_EVERY.toMillis();
      if (prune) {
        lastSentPrune = now;
      }
    }
    SentMessageStore store = sentStore();
    if (prune) {
      store.deleteOlderThan(now - SENT_RETENTION.toMillis());
    }
    return store;
  }

  /** The stored record of a message this session sent. */
  Optional<SentMessage> record(String id) {
    return sentStore().load(id);
  }

  synchronized void remember(Sent sent) {
    recent.put(sent.id(), sent);
  }

  synchronized Sent sent(String id) {
    return recent.get(id);
  }

  MessageStatus status(String id) {
    return sentStore().load(id).map(SentMessage::status).orElse(null);
  }

  /** Moves a status forward (never back, except to FAILED from PENDING); true when it changed. */
  boolean advance(String id, MessageStatus to) {
    return advance(id, to, null, null);
  }

  /**
   * Moves a status forward, with the failure's code and description for {@link
   * MessageStatus#FAILED}; true when it changed.
   */
  boolean advance(String id, MessageStatus to, String errorCode, String errorMessage) {
    return sentStore()
        .advance(id, to, errorCode, errorMessage, session.now().toEpochMilli())
        .isPresent();
  }

  /** Records the server's ack of a message; true the first time (a receipt may come first). */
  boolean acked(String id) {
    synchronized (this) {
      if (recent.containsKey(id)) {
        return acks.put(id, Boolean.TRUE) == null;
      }
    }
    if (record(id).isEmpty()) {
      return false;
    }
    synchronized (this) {
      return acks.put(id, Boolean.TRUE) == null;
    }
  }

  /** The API's type name of a content: text, reaction, image, video, audio, document, sticker. */
  static String typeOf(MessageContent content) {
    if (content instanceof MessageContent.Text) {
      return "text";
    }
    if (content instanceof MessageContent.Reaction) {
      return "reaction";
    }
    if (content instanceof MessageContent.Video) {
      return "video";
    }
    if (content instanceof MessageContent.Audio) {
      return "audio";
    }
    if (content instanceof MessageContent.Media m) {
      return m.mediaType();
    }
    return "other";
  }

  synchronized int nextRetry(String key) {
    int n = retries.getOrDefault(key, 0) + 1;
    retries.put(key, n);
    return n;
  }

  /**
   * Sends an iq through the current ready connection and waits for its answer; called off the
   * actor.
   */
  @SuppressWarnings(
      "FutureReturnValueIgnored") // call() yields a future of a future, flattened and awaited below
  BinaryNode iq(Function<String, BinaryNode> build) {
    Duration timeout = session.host.config.iqTimeout();
    CompletableFuture<BinaryNode> answer =
        session
            .call(
                () -> {
                  Link l = session.link;
                  if (l == null || !l.ready) {
                    throw new GatewayException(
                        ErrorCode.NOT_CONNECTED, "the session is not connected");
                  }
                  String id = l.iqs.nextId();
                  CompletableFuture<BinaryNode> f = l.iqs.track(id, timeout);
                  l.send(build.apply(id));
                  return f;
                })
            .thenCompose(f -> f);
    return await(answer, timeout.plusSeconds(2));
  }

  /** Sends a node through the current connection (from any thread); false when not connected. */
  boolean send(BinaryNode node) {
    return await(
        session.call(
            () -> {
              Link l = session.link;
              return l != null && l.ready && l.send(node);
            }),
        Duration.ofSeconds(10));
  }

  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(ErrorCode.INTERRUPTED, "interrupted while waiting for the server");
    } catch (TimeoutException e) {
      throw new GatewayException(ErrorCode.TIMEOUT, "the server did not answer in time");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayException g) {
        throw g;
      }
      if (cause instanceof IqTracker.IqErrorException iq) {
        throw GatewayException.numbered(
            ErrorCode.IQ_ERROR, iq.code(), "the server refused a request");
      }
      throw new GatewayException(ErrorCode.REQUEST_FAILED, String.valueOf(cause), cause);
    }
  }

  private static <K, V> Map<K, V> bounded(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
