package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.event.MessageFailed;
import dev.wagateway.core.internal.messaging.DeviceListQuery;
import dev.wagateway.core.internal.messaging.Fanout;
import dev.wagateway.core.internal.messaging.IncomingReceipt;
import dev.wagateway.core.internal.messaging.MessageCodec;
import dev.wagateway.core.internal.messaging.MessageEncryptor;
import dev.wagateway.core.internal.messaging.OutgoingStanzas;
import dev.wagateway.core.internal.messaging.OwnDevice;
import dev.wagateway.core.internal.messaging.PreKeyFetch;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.Quote;
import dev.wagateway.core.store.SentMessageStore;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages (docs/protocol/messaging.md §3, §4): device lists with usync, missing sessions
 * from fetched bundles, one enc per device (our other devices get the deviceSentMessage copy),
 * group sender keys and phash, and the answers to retry receipts. Runs on the session's {@link
 * SendQueue} worker, never on the actor (it waits for iq answers the actor delivers), one message
 * at a time.
 */
final class MessageSender {
  private static final Logger log = LoggerFactory.getLogger(MessageSender.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  private final Session session;
  private final Messaging messaging;
  private final SendQueue queue;

  MessageSender(Session session, Messaging messaging) {
    this.session = session;
    this.messaging = messaging;
    SessionHostConfig config = session.host.config;
    this.queue = new SendQueue(session, this, config.sendQueueCapacity(), config.sendPacing());
  }

  /**
   * Accepts {@code content} for {@code to} (a user or group JID) into the session's {@link
   * SendQueue}: stored, then encrypted and sent by the session's worker. Returns the message id at
   * once; {@code message.sent} follows with the server's ack, {@code message.failed} on failure.
   */
  String send(Jid to, MessageContent content) {
    return send(to, content, null, null);
  }

  /**
   * Like {@link #send(Jid, MessageContent)}, quoting {@code quote} when given (for content that has
   * no quote of its own, such as media). Under {@code reservedId} (a message {@linkplain #reserve
   * reserved} earlier, media) it waits until the stanza went out; a reserved message that fails is
   * marked failed and announced with {@code message.failed}, as its id was handed out.
   */
  String send(Jid to, MessageContent content, Quote quote, String reservedId) {
    Jid chat = chat(to);
    Message encoded = MessageCodec.encode(content);
    Message message = quote == null ? encoded : Replies.quoting(encoded, quote);
    String type = Messaging.typeOf(content);
    if (reservedId == null) {
      String id = messaging.ids().next(messaging.own().jid().user());
      return queue.accept(chat, message, type, id);
    }
    return Messaging.await(queue.submit(chat, message, reservedId), SEND_TIMEOUT);
  }

  /** The session's send queue. */
  SendQueue queue() {
    return queue;
  }

  /** Stores an accepted message with its content, in status pending (the queue's accept). */
  void enqueue(String id, Jid chat, String type, byte[] payload) {
    messaging.enqueue(id, chat, type, payload);
  }

  SentMessageStore store() {
    return session.host.store.device(session.id).sentMessages();
  }

  /**
   * Encrypts and sends a queued message under its id, on the session's worker. A failure marks it
   * failed and publishes {@code message.failed}, except {@code not_connected}, which leaves it
   * pending for the queue to send again once the session is ready.
   */
  void sendQueued(Jid to, Message message, String id) {
    OwnDevice own = messaging.own();
    try {
      encryptAndSend(to, message, own, id);
    } catch (GatewayException e) {
      if (e.errorCode() != ErrorCode.NOT_CONNECTED && !queue.closed()) {
        failQueued(id, to.toString(), e.code());
      }
      throw e;
    } catch (RuntimeException e) {
      if (!queue.closed()) {
        failQueued(id, to.toString(), ErrorCode.SEND_FAILED.wireName());
      }
      throw e;
    }
  }

  /** Marks a queued message failed with {@code code} and publishes {@code message.failed}. */
  void failQueued(String id, String to, String code) {
    if (messaging.advance(id, MessageStatus.FAILED, code, "the message could not be sent")) {
      session.publish(new MessageFailed(session.id, session.now(), id, to, code));
    }
  }

  /**
   * Records a message in status pending under a fresh id before its content exists (media still
   * being fetched); send it later with that id, or {@link #fail} it.
   */
  SentMessage reserve(Jid to, String type) {
    Jid chat = chat(to);
    String id = messaging.ids().next(messaging.own().jid().user());
    return messaging.record(id, chat, type);
  }

  /** Marks a pending message failed and publishes {@code message.failed}; true when it changed. */
  boolean fail(String id, String code, String description) {
    Optional<SentMessage> record = messaging.record(id);
    if (record.isEmpty() || !messaging.advance(id, MessageStatus.FAILED, code, description)) {
      return false;
    }
    session.publish(new MessageFailed(session.id, session.now(), id, record.get().to(), code));
    return true;
  }

  private static Jid chat(Jid to) {
    if (to == null || !(to.isUser() || to.isGroup())) {
      throw new ValidationException("recipient must be a user or group JID");
    }
    return to.isGroup() ? to : to.toNonAd();
  }

  private String encryptAndSend(Jid to, Message message, OwnDevice own, String id) {
    MessageEncryptor encryptor = messaging.encryptor();
    byte[] deviceIdentity = messaging.signedIdentity();
    BinaryNode stanza;
    if (to.isGroup()) {
      BinaryNode meta =
          messaging.iq(
              iqId ->
                  BinaryNode.newBuilder("iq")
                      .attr("id", iqId)
                      .attr("xmlns", "w:g2")
                      .attr("type", "get")
                      .attr("to", to)
                      .child(BinaryNode.newBuilder("query").attr("request", "interactive").build())
                      .build());
      BinaryNode group = meta.child("group");
      if (group == null) {
        throw new GatewayException(ErrorCode.BAD_GROUP, "the group metadata answer has no group");
      }
      List<Jid> users = new ArrayList<>();
      for (BinaryNode p : group.children("participant")) {
        users.add(Jid.parse(p.attr("jid")).toNonAd());
      }
      users.add(own.jid().toNonAd());
      boolean lid = "lid".equals(group.attr("addressing_mode"));
      List<Jid> devices = devices(users);
      MessageEncryptor.GroupEncryption g =
          encryptor.encryptGroup(message, to, devices, own, lid, d -> true, this::bundles);
      stanza =
          OutgoingStanzas.group(
              id,
              to,
              message,
              g.carriers(),
              g.skmsg(),
              g.phash(),
              deviceIdentity,
              lid ? "lid" : null);
    } else {
      List<Jid> devices = devices(List.of(to, own.jid().toNonAd()));
      Fanout fanout = encryptor.encryptDirect(message, to, devices, own, this::bundles);
      if (fanout.participants().isEmpty()) {
        throw new GatewayException(
            ErrorCode.NO_DEVICES, "no device of the recipient could be reached");
      }
      stanza = OutgoingStanzas.direct(id, to, message, fanout, deviceIdentity, null);
    }
    messaging.remember(new Messaging.Sent(id, to, message, to.isGroup()));
    if (!messaging.send(stanza)) {
      throw new GatewayException(ErrorCode.NOT_CONNECTED, "the session is not connected");
    }
    return id;
  }

  private List<Jid> devices(List<Jid> users) {
    BinaryNode answer = messaging.iq(iqId -> DeviceListQuery.request(iqId, iqId, users, false));
    try {
      List<Jid> out = new ArrayList<>();
      for (DeviceListQuery.UserDevices u : DeviceListQuery.parse(answer)) {
        for (DeviceListQuery.Device d : u.devices()) {
          out.add(d.jid());
        }
      }
      return out;
    } catch (WireException e) {
      throw new GatewayException(ErrorCode.BAD_USYNC, "malformed device list: " + e.getMessage());
    }
  }

  private Map<Jid, PreKeyBundle> bundles(List<Jid> devices) {
    BinaryNode answer = messaging.iq(iqId -> PreKeyFetch.request(iqId, devices, true));
    try {
      return PreKeyFetch.bundles(PreKeyFetch.parse(answer));
    } catch (WireException e) {
      throw new GatewayException(
          ErrorCode.BAD_PREKEYS, "malformed prekey answer: " + e.getMessage());
    }
  }

  /** Re-encrypts a message we sent for the device that asked (§2.7); runs on the send executor. */
  void onRetryReceipt(IncomingReceipt receipt) {
    IncomingReceipt.RetryRequest retry = receipt.retry();
    Messaging.Sent sent = messaging.sent(retry.id());
    if (sent == null) {
      log.info("retry receipt for a message no longer kept");
      return;
    }
    if (messaging.nextRetry("out/" + receipt.sender() + "/" + retry.id()) > 10) {
      return;
    }
    queue.run(
        () -> {
          try {
            OwnDevice own = messaging.own();
            Jid device = receipt.sender();
            Message message = sent.message();
            if (sent.group()) {
              message = messaging.encryptor().withOurSenderKey(message, sent.chat(), own, false);
            } else if (own.isOwnAccount(device)) {
              message = MessageCodec.deviceSent(message, sent.chat().toString());
            }
            EncryptResult result =
                messaging.encryptor().encryptFor(device, message, retry.bundle(), this::bundles);
            BinaryNode resend =
                OutgoingStanzas.retryResend(
                    retry.id(),
                    receipt.from(),
                    receipt.participant(),
                    receipt.recipient(),
                    retry.timestamp(),
                    message,
                    result,
                    retry.count(),
                    messaging.signedIdentity());
            messaging.send(resend);
          } catch (RuntimeException e) {
            log.warn("could not answer a retry receipt: {}", e.toString());
          }
        });
  }
}
