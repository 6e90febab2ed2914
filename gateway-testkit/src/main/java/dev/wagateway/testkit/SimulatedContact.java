package dev.wagateway.testkit;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.internal.media.MediaClient;
import dev.wagateway.core.internal.media.MediaConn;
import dev.wagateway.core.internal.media.MediaType;
import dev.wagateway.core.internal.messaging.DecryptOutcome;
import dev.wagateway.core.internal.messaging.DedupCache;
import dev.wagateway.core.internal.messaging.Fanout;
import dev.wagateway.core.internal.messaging.InboundMessage;
import dev.wagateway.core.internal.messaging.IncomingReceipt;
import dev.wagateway.core.internal.messaging.MessageCodec;
import dev.wagateway.core.internal.messaging.MessageDecryptor;
import dev.wagateway.core.internal.messaging.MessageEncryptor;
import dev.wagateway.core.internal.messaging.MessageIds;
import dev.wagateway.core.internal.messaging.OutgoingStanzas;
import dev.wagateway.core.internal.messaging.OwnDevice;
import dev.wagateway.core.internal.messaging.Receipts;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another WhatsApp user on the {@link WaSimulator}: a phone (device 0) with its own Signal state,
 * which hosted sessions can message and which can message them. It is a client like any other: it
 * encrypts with core's {@link SignalProtocol}, {@link MessageEncryptor} and {@link
 * MessageDecryptor}; only the wire between it and the server is skipped (the simulator hands it the
 * stanzas it would receive).
 */
public final class SimulatedContact {
  private static final String STORE_ID = "contact";
  private static final int PREKEYS = 100;

  /** A message the contact received and decrypted. */
  public record Received(
      String id, Jid from, Jid chat, MessageContent content, BinaryNode stanza) {}

  private final WaSimulator simulator;
  private final MessageRouter router;
  private final String phoneDigits;
  private final String pushName;
  private final SecureRandom random;
  private final GatewayStore store;
  private final DeviceCredentials creds;
  private final SignalProtocol signal;
  private final MessageEncryptor encryptor;
  private final MessageDecryptor decryptor;
  private final DedupCache decryptorDedup = new DedupCache(1024);
  private final MessageIds ids;
  private final AtomicInteger nextPreKey = new AtomicInteger(1);
  private final BlockingQueue<BinaryNode> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<BinaryNode> receipts = new LinkedBlockingQueue<>();
  private final BlockingQueue<BinaryNode> callAcks = new LinkedBlockingQueue<>();
  private final BlockingQueue<BinaryNode> callStanzas = new LinkedBlockingQueue<>();
  private volatile boolean autoDeliveryReceipts = true;
  private final Map<String, Message> sent = new ConcurrentHashMap<>();
  private final AtomicInteger retriesAnswered = new AtomicInteger();

  SimulatedContact(
      WaSimulator simulator,
      MessageRouter router,
      String phoneDigits,
      String pushName,
      SecureRandom random) {
    this(simulator, router, phoneDigits, pushName, random, Stores.inMemory());
  }

  /**
   * A contact whose Signal state lives in {@code store}: its keys and sessions from an earlier run
   * when the store has them (a simulator with a data directory), else fresh ones.
   */
  SimulatedContact(
      WaSimulator simulator,
      MessageRouter router,
      String phoneDigits,
      String pushName,
      SecureRandom random,
      GatewayStore store) {
    this.simulator = simulator;
    this.router = router;
    this.phoneDigits = phoneDigits;
    this.pushName = pushName;
    this.random = random;
    this.store = store;
    DeviceCredentials kept = store.device(STORE_ID).credentials().load().orElse(null);
    if (kept == null) {
      this.creds = DeviceKeys.credentials(random);
      store.device(STORE_ID).credentials().save(creds);
      store.device(STORE_ID).preKeys().store(DeviceKeys.preKeys(1, PREKEYS, random));
    } else {
      this.creds = kept;
    }
    this.signal = new SignalProtocol(store, STORE_ID, random);
    this.encryptor = new MessageEncryptor(signal, random);
    this.decryptor = new MessageDecryptor(signal, decryptorDedup);
    this.ids = new MessageIds(Clock.systemUTC(), random);
  }

  /** Closes the contact's store (the simulator closes). */
  void close() {
    store.close();
  }

  /** Digits of the contact's number. */
  public String phoneDigits() {
    return phoneDigits;
  }

  /** {@code <digits>@s.whatsapp.net}. */
  public String jid() {
    return phoneDigits + "@s.whatsapp.net";
  }

  /** The contact's one device (the phone, device 0). */
  public Jid deviceJid() {
    return Jid.parse(jid());
  }

  /**
   * Encrypts and uploads {@code plaintext} to the simulator's media host as the real phone would
   * (media key expansion, AES-CBC + HMAC, sha256s), for a media message of {@code kind}: {@code
   * image}, {@code video}, {@code audio}, {@code document} or {@code sticker}.
   */
  public MediaInfo upload(byte[] plaintext, String kind, String mimetype) {
    try (MediaClient client = mediaClient()) {
      return client.upload(
          new ByteArrayInputStream(plaintext), mediaType(kind), mimetype, mediaConn());
    } catch (IOException e) {
      throw new ValidationException("upload to the simulator's media host failed: " + e);
    }
  }

  /**
   * Downloads, verifies and decrypts the media of a message the contact received.
   *
   * @throws dev.wagateway.core.GatewayException.CryptoException when the blob was tampered with
   */
  public byte[] download(MessageContent.Media media) throws IOException {
    try (MediaClient client = mediaClient()) {
      return client.download(media.media(), MediaType.of(media), mediaConn());
    }
  }

  private MediaClient mediaClient() {
    return new MediaClient(LoopbackOnlyEgress.instance(), random, Clock.systemUTC(), "http", null);
  }

  private MediaConn mediaConn() {
    return new MediaConn(
        List.of(simulator.mediaHost()),
        MediaHost.AUTH,
        Duration.ofHours(1),
        Duration.ofHours(1),
        simulator.now());
  }

  private static MediaType mediaType(String kind) {
    return switch (kind) {
      case "image" -> MediaType.IMAGE;
      case "video" -> MediaType.VIDEO;
      case "audio" -> MediaType.AUDIO;
      case "document" -> MediaType.DOCUMENT;
      case "sticker" -> MediaType.STICKER;
      default -> throw new ValidationException("unknown media kind: " + kind);
    };
  }

  /** The contact's push name, or null. */
  public String pushName() {
    return pushName;
  }

  /** Whether the contact answers every decrypted message with a delivery receipt (default yes). */
  public SimulatedContact autoDeliveryReceipts(boolean enabled) {
    this.autoDeliveryReceipts = enabled;
    return this;
  }

  /**
   * Sends {@code content} to a user ({@code <digits>@s.whatsapp.net}: every linked device of that
   * account) or a group the contact is in ({@code …@g.us}).
   *
   * @return the message id
   */
  public String send(String to, MessageContent content) {
    return send(to, content, ids.next(phoneDigits));
  }

  /** A message encrypted for one device and not delivered yet ({@link #prepare}). */
  public record Delivery(String id, Jid device, BinaryNode stanza) {}

  /**
   * Encrypts {@code content} for every device of user {@code to} like {@link #send}, but hands the
   * stanzas back instead of delivering them, so a test can deliver them late, twice or out of order
   * with {@link #deliver}.
   */
  public List<Delivery> prepare(String to, MessageContent content) {
    Jid chat = Jid.parse(to);
    if (chat.isGroup()) {
      throw new ValidationException("prepare is for 1:1 messages");
    }
    String id = ids.next(phoneDigits);
    Message message = MessageCodec.encode(content);
    sent.put(id, message);
    return direct(chat, message, id, simulator.now().getEpochSecond());
  }

  /** Delivers a prepared message. */
  public void deliver(Delivery delivery) {
    router.deliver(delivery.device(), delivery.stanza());
  }

  /** Sends {@code content} with a given message id (e.g. to redeliver under the same id). */
  public String send(String to, MessageContent content, String id) {
    Jid chat = Jid.parse(to);
    Message message = MessageCodec.encode(content);
    sent.put(id, message);
    long now = simulator.now().getEpochSecond();
    OwnDevice own = new OwnDevice(deviceJid(), null);
    if (chat.isGroup()) {
      List<Jid> devices = new ArrayList<>();
      for (String member : router.members(chat.toString())) {
        devices.addAll(router.devicesOf(Jid.parse(member)));
      }
      MessageEncryptor.GroupEncryption g =
          encryptor.encryptGroup(message, chat, devices, own, false, d -> true, router::bundles);
      BinaryNode.Builder b =
          BinaryNode.newBuilder("message")
              .attr("id", id)
              .attr("to", chat)
              .attr("type", MessageCodec.stanzaType(message))
              .attr("phash", g.phash());
      if (!g.carriers().participants().isEmpty()) {
        b.child(BinaryNode.of("participants", Map.of(), g.carriers().participants()));
      }
      b.child(OutgoingStanzas.enc("skmsg", g.skmsg(), Map.of()));
      router.routeGroup(b.build(), deviceJid(), pushName, now);
      return id;
    }
    for (Delivery d : direct(chat, message, id, now)) {
      deliver(d);
    }
    return id;
  }

  private List<Delivery> direct(Jid chat, Message message, String id, long now) {
    OwnDevice own = new OwnDevice(deviceJid(), null);
    Fanout fanout =
        encryptor.encryptDirect(message, chat, router.devicesOf(chat), own, router::bundles);
    if (fanout.participants().isEmpty()) {
      throw new ValidationException("no device of " + chat + " could be encrypted for");
    }
    List<Delivery> out = new ArrayList<>();
    for (BinaryNode to0 : fanout.participants()) {
      BinaryNode.Builder b =
          BinaryNode.newBuilder("message")
              .attr("from", deviceJid())
              .attr("id", id)
              .attr("t", Long.toString(now))
              .attr("type", MessageCodec.stanzaType(message));
      if (pushName != null) {
        b.attr("notify", pushName);
      }
      String edit = MessageCodec.editAttribute(message);
      if (edit != null) {
        b.attr("edit", edit);
      }
      b.child(to0.child("enc"));
      out.add(new Delivery(id, Jid.parse(to0.attr("jid")), b.build()));
    }
    return out;
  }

  /**
   * Sends a raw stanza to a device as if this contact had sent it (for duplicate and corruption
   * tests); {@code from} is filled in.
   */
  public void sendRaw(Jid device, BinaryNode message) {
    router.deliver(device, message.withAttr("from", deviceJid().toString()));
  }

  /**
   * The next message stanza a session sent to this contact, as the server delivered it, without
   * decrypting it; null after {@code timeout}.
   */
  public BinaryNode awaitStanza(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The next message a session sent this contact, decrypted; null after {@code timeout}. Sends the
   * delivery receipt unless {@link #autoDeliveryReceipts} is off.
   *
   * @throws ValidationException when the message could not be decrypted
   */
  public Received awaitMessage(Duration timeout) throws InterruptedException {
    BinaryNode stanza = awaitStanza(timeout);
    if (stanza == null) {
      return null;
    }
    return decrypt(stanza);
  }

  /** Decrypts a stanza taken with {@link #awaitStanza}. */
  public Received decrypt(BinaryNode stanza) {
    InboundMessage inbound;
    try {
      inbound = InboundMessage.parse(stanza);
    } catch (WireException e) {
      throw new ValidationException("contact got a malformed message: " + e.getMessage());
    }
    DecryptOutcome outcome = decryptor.decrypt(inbound);
    if (!(outcome instanceof DecryptOutcome.Decrypted d)) {
      throw new ValidationException("contact could not decrypt " + inbound.id() + ": " + outcome);
    }
    if (autoDeliveryReceipts) {
      sendReceipt(inbound.sender(), inbound.id(), null);
    }
    return new Received(
        inbound.id(), inbound.sender(), inbound.chat(), d.decoded().content(), stanza);
  }

  /**
   * Sends a receipt for message {@code id} to the device that sent it; {@code type} null for
   * delivered, or {@code read}, {@code played}, …
   */
  public void sendReceipt(Jid senderDevice, String id, String type) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("receipt")
            .attr("from", deviceJid())
            .attr("id", id)
            .attr("t", Long.toString(simulator.now().getEpochSecond()));
    if (type != null) {
      b.attr("type", type);
    }
    router.deliver(senderDevice, b.build());
  }

  /** The next receipt a session sent this contact; null after {@code timeout}. */
  public BinaryNode awaitReceipt(Duration timeout) throws InterruptedException {
    return receipts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- called by the router ----

  void received(BinaryNode stanza) {
    switch (stanza.tag()) {
      case "message" -> messages.add(stanza);
      case "call" -> callStanzas.add(stanza);
      case "ack" -> callAcks.add(stanza);
      case "receipt" -> {
        receipts.add(stanza);
        if ("retry".equals(stanza.attr("type"))) {
          answerRetry(stanza);
        }
      }
      default -> {}
    }
  }

  // ---- calls ----

  /**
   * Calls {@code to} (a user JID reaches every device): the server delivers {@code <call from id
   * t><offer call-id call-creator><audio/>…[<video/>]</offer></call>} as whatsmeow parses it
   * ({@code call.go}), queued while the device is offline. The gateway cannot answer; it acks, and
   * may reject.
   *
   * @return the call id
   */
  public String placeCall(String to, boolean video) {
    String callId = newCallId();
    BinaryNode.Builder offer =
        BinaryNode.newBuilder("offer")
            .attr("call-id", callId)
            .attr("call-creator", jid())
            .child(BinaryNode.newBuilder("audio").attr("enc", "opus").attr("rate", "16000").build())
            .child(BinaryNode.newBuilder("audio").attr("enc", "opus").attr("rate", "8000").build());
    if (video) {
      offer.child(BinaryNode.newBuilder("video").attr("enc", "vp8").attr("dec", "vp8").build());
    }
    offer
        .child(BinaryNode.newBuilder("net").attr("medium", "3").build())
        .child(BinaryNode.newBuilder("encopt").attr("keygen", "2").build());
    router.deliver(Jid.parse(to), callStanza(offer.build()));
    return callId;
  }

  /**
   * Ends call {@code callId} from the caller's side: {@code <call><terminate call-id call-creator
   * [reason]/></call>} to {@code to}.
   *
   * @param reason e.g. {@code timeout}, or null for none
   */
  public void endCall(String to, String callId, String reason) {
    BinaryNode.Builder terminate =
        BinaryNode.newBuilder("terminate").attr("call-id", callId).attr("call-creator", jid());
    if (reason != null) {
      terminate.attr("reason", reason);
    }
    router.deliver(Jid.parse(to), callStanza(terminate.build()));
  }

  /** The next ack of a call stanza a session sent this contact; null after {@code timeout}. */
  public BinaryNode awaitCallAck(Duration timeout) throws InterruptedException {
    return callAcks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The next {@code <call>} a session sent this contact (e.g. a reject), as the server delivered
   * it; null after {@code timeout}.
   */
  public BinaryNode awaitCallStanza(Duration timeout) throws InterruptedException {
    return callStanzas.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private BinaryNode callStanza(BinaryNode child) {
    return BinaryNode.newBuilder("call")
        .attr("from", jid())
        .attr("id", ids.next(phoneDigits))
        .attr("t", Long.toString(simulator.now().getEpochSecond()))
        .child(child)
        .build();
  }

  private String newCallId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return java.util.HexFormat.of().withUpperCase().formatHex(id);
  }

  /**
   * How many retry receipts the contact answered by re-encrypting (docs/protocol/messaging.md
   * §2.7).
   */
  public int retriesAnswered() {
    return retriesAnswered.get();
  }

  /**
   * Answers a retry receipt as a real client does: re-encrypts the message for the one device that
   * asked, from the keys in the receipt when it carries them.
   */
  private void answerRetry(BinaryNode receipt) {
    try {
      IncomingReceipt parsed = IncomingReceipt.parse(receipt);
      IncomingReceipt.RetryRequest retry = parsed.retry();
      Message message = retry == null ? null : sent.get(retry.id());
      if (message == null) {
        return;
      }
      Jid device = parsed.sender();
      EncryptResult result = encryptor.encryptFor(device, message, retry.bundle(), router::bundles);
      BinaryNode.Builder b =
          BinaryNode.newBuilder("message")
              .attr("from", deviceJid())
              .attr("id", retry.id())
              .attr("t", Long.toString(simulator.now().getEpochSecond()))
              .attr("type", MessageCodec.stanzaType(message));
      if (pushName != null) {
        b.attr("notify", pushName);
      }
      b.child(
          OutgoingStanzas.enc(
              result.type(),
              result.ciphertext(),
              Map.of("count", Integer.toString(retry.count()))));
      retriesAnswered.incrementAndGet();
      router.deliver(device, b.build());
    } catch (WireException | RuntimeException e) {
      // a contact that cannot answer stays silent, as a phone would
    }
  }

  /**
   * Asks the sender of {@code message} to send it again (a retry receipt with this contact's keys:
   * a fresh one-time prekey and the signed prekey), as if it could not be decrypted. The resend
   * arrives through {@link #awaitMessage}.
   */
  public void requestRetry(Received message, int count) {
    PreKey fresh = DeviceKeys.preKeys(PREKEYS + 1000 + count, 1, random).get(0);
    store.device(STORE_ID).preKeys().store(List.of(fresh));
    InboundMessage inbound;
    try {
      inbound = InboundMessage.parse(message.stanza());
    } catch (WireException e) {
      throw new ValidationException("not a message stanza: " + e.getMessage());
    }
    decryptorDedup.remove(
        inbound.chat().toString(), inbound.sender().toNonAd().toString(), inbound.id());
    DeviceCredentials.SignedPreKey spk = creds.signedPreKey();
    BinaryNode retry =
        Receipts.retry(
            inbound,
            count,
            creds.registrationId(),
            new Receipts.RetryKeys(
                creds.identityKey().publicKey(),
                fresh.id(),
                fresh.keyPair().publicKey(),
                spk.id(),
                spk.keyPair().publicKey(),
                spk.signature(),
                new byte[] {0}));
    router.deliver(
        message.from(),
        retry
            .withAttr("from", deviceJid().toString())
            .withAttr("t", Long.toString(simulator.now().getEpochSecond())));
  }

  /** A bundle with a fresh one-time prekey, as the server would hand it out. */
  PreKeyBundle takeBundle() {
    int id = nextPreKey.getAndIncrement();
    DeviceCredentials.SignedPreKey spk = creds.signedPreKey();
    PreKey opk = id <= PREKEYS ? store.device(STORE_ID).preKeys().get(id).orElse(null) : null;
    if (opk == null) {
      return new PreKeyBundle(
          creds.registrationId(),
          creds.identityKey().publicKey(),
          spk.id(),
          spk.keyPair().publicKey(),
          spk.signature());
    }
    return new PreKeyBundle(
        creds.registrationId(),
        creds.identityKey().publicKey(),
        spk.id(),
        spk.keyPair().publicKey(),
        spk.signature(),
        OptionalInt.of(opk.id()),
        opk.keyPair().publicKey());
  }
}
