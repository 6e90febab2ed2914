package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.event.MessageDelivered;
import dev.wagateway.core.event.MessageFailed;
import dev.wagateway.core.event.MessageRead;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.event.UndecryptableMessage;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.messaging.Acks;
import dev.wagateway.core.internal.messaging.DecodedMessage;
import dev.wagateway.core.internal.messaging.DecryptOutcome;
import dev.wagateway.core.internal.messaging.InboundMessage;
import dev.wagateway.core.internal.messaging.IncomingReceipt;
import dev.wagateway.core.internal.messaging.OwnDevice;
import dev.wagateway.core.internal.messaging.Receipts;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.PreKeyStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.WireException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming {@code message}, {@code receipt} and message {@code ack} stanzas
 * (docs/protocol/messaging.md §2, §2.10, §3.7), on the session's actor: decrypt, answer (delivery
 * receipt and ack, or retry receipt, or nack) and emit the events.
 */
final class MessageReceiver {
  private static final Logger log = LoggerFactory.getLogger(MessageReceiver.class);

  private final Session session;
  private final Messaging messaging;
  private final MessageSender sender;

  MessageReceiver(Session session, Messaging messaging, MessageSender sender) {
    this.session = session;
    this.messaging = messaging;
    this.sender = sender;
  }

  void onMessage(Link l, BinaryNode node) {
    InboundMessage in;
    try {
      in = InboundMessage.parse(node);
    } catch (WireException | GatewayException e) {
      log.info("nacking a malformed message stanza: {}", e.getMessage());
      l.send(Acks.nack(node, Acks.PARSING_ERROR));
      return;
    }
    OwnDevice own;
    try {
      own = messaging.own();
    } catch (GatewayException e) {
      l.send(Acks.ack(node));
      return;
    }
    DecryptOutcome outcome = messaging.decryptor().decrypt(in);
    if (outcome instanceof DecryptOutcome.Decrypted d) {
      boolean fromMe = own.isOwnAccount(in.sender());
      l.send(Receipts.delivery(in, Receipts.deliveryType(in, fromMe, true)));
      l.send(Acks.ack(node));
      DecodedMessage decoded = d.decoded();
      if (decoded.content() == null) {
        return; // e.g. a bare sender-key distribution
      }
      String chat = Messaging.chatOf(in, decoded);
      String participant = in.participant() == null ? null : in.participant().toNonAd().toString();
      session.publish(
          new MessageReceived(
              session.id,
              session.now(),
              new MessageKey(chat, fromMe, in.id(), fromMe ? null : participant),
              chat,
              in.sender().toNonAd().toString(),
              in.pushName(),
              in.timestamp() == 0 ? null : Instant.ofEpochSecond(in.timestamp()),
              decoded.content(),
              fromMe));
    } else if (outcome instanceof DecryptOutcome.Undecryptable u) {
      int count = Receipts.nextRetryCount(in, messaging.nextRetry(in.sender() + "/" + in.id()) - 1);
      if (count < Receipts.MAX_RETRY_COUNT) {
        Receipts.RetryKeys keys =
            Receipts.keysRequired(count, u.keysRequired()) ? freshKeys() : null;
        l.send(Receipts.retry(in, count, session.creds.registrationId(), keys));
      }
      l.send(Acks.ack(node));
      log.info("message {} undecryptable: {}", in.id(), u.code());
      session.publish(
          new UndecryptableMessage(
              session.id,
              session.now(),
              in.id(),
              in.chat().toNonAd().toString(),
              in.sender().toNonAd().toString(),
              u.code()));
    } else if (outcome instanceof DecryptOutcome.Rejected r) {
      l.send(Acks.nack(node, r.nackCode()));
    } else {
      // duplicate or unavailable: acknowledged, emitted never (again)
      l.send(Acks.ack(node));
    }
  }

  /** A fresh one-time prekey, stored (and counted as uploaded) before it goes out in a retry. */
  private Receipts.RetryKeys freshKeys() {
    DeviceCredentials c = session.creds;
    PreKeyStore store = session.host.store.device(session.id).preKeys();
    PreKey key =
        DeviceKeys.preKeys(PreKey.nextId(store.maxId()), 1, session.host.config.random()).get(0);
    store.store(List.of(key));
    store.markUploaded(key.id());
    return new Receipts.RetryKeys(
        c.identityKey().publicKey(),
        key.id(),
        key.keyPair().publicKey(),
        c.signedPreKey().id(),
        c.signedPreKey().keyPair().publicKey(),
        c.signedPreKey().signature(),
        c.account().signedIdentity());
  }

  void onReceipt(Link l, BinaryNode node) {
    IncomingReceipt receipt;
    try {
      receipt = IncomingReceipt.parse(node);
    } catch (WireException | GatewayException e) {
      l.send(Acks.nack(node, Acks.PARSING_ERROR));
      return;
    }
    if (receipt.kind() == IncomingReceipt.Kind.RETRY && receipt.retry() != null) {
      sender.onRetryReceipt(receipt);
      l.send(Acks.ack(node));
      return;
    }
    l.send(Acks.ack(node));
    String by = receipt.sender().toNonAd().toString();
    for (String id : receipt.ids()) {
      Messaging.Sent sent = messaging.sent(id);
      if (sent == null) {
        continue;
      }
      String chat = sent.chat().toString();
      switch (receipt.kind()) {
        case DELIVERED, INACTIVE -> {
          if (messaging.advance(id, MessageStatus.DELIVERED)) {
            session.publish(new MessageDelivered(session.id, session.now(), id, chat, by));
          }
        }
        case READ, PLAYED -> {
          messaging.advance(id, MessageStatus.DELIVERED);
          if (messaging.advance(id, MessageStatus.READ)) {
            session.publish(new MessageRead(session.id, session.now(), id, chat, by));
          }
        }
        default -> {}
      }
    }
  }

  void onAck(Link l, BinaryNode node) {
    if (!Acks.isMessageAck(node)) {
      return;
    }
    Acks.ServerAck ack;
    try {
      ack = Acks.ServerAck.parse(node);
    } catch (WireException e) {
      return;
    }
    Messaging.Sent sent = messaging.sent(ack.id());
    if (sent == null) {
      return;
    }
    String chat = sent.chat().toString();
    if (ack.failed()) {
      String code = ErrorCode.SERVER_ERROR.wireName(ack.error());
      if (messaging.advance(ack.id(), MessageStatus.FAILED, code, "the server rejected it")) {
        session.publish(new MessageFailed(session.id, session.now(), ack.id(), chat, code));
      }
      return;
    }
    messaging.advance(ack.id(), MessageStatus.SENT);
    if (messaging.acked(ack.id())) {
      Instant t = ack.timestamp() == 0 ? session.now() : Instant.ofEpochSecond(ack.timestamp());
      session.publish(new MessageSent(session.id, session.now(), ack.id(), chat, t));
    }
  }
}
