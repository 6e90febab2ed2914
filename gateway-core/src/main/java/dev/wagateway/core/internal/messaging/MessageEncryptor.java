package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.proto.E2eProtos.Message;
import dev.wagateway.core.internal.signal.EncryptResult;
import dev.wagateway.core.internal.signal.Padding;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.internal.signal.SignalProtocol;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts outgoing messages over {@link SignalProtocol} (docs/protocol/messaging.md §3.4, §4.2):
 * pads the {@code Message}, builds missing sessions from bundles fetched on demand, and returns the
 * {@code to}/{@code enc} nodes for the stanza builders in {@link OutgoingStanzas}.
 */
public final class MessageEncryptor {
  private static final Logger log = LoggerFactory.getLogger(MessageEncryptor.class);

  /**
   * Fetches prekey bundles (one {@code <iq xmlns="encrypt">} round trip). Called at most once per
   * send, and only with devices that have no session; devices missing from the answer are skipped.
   */
  @FunctionalInterface
  public interface BundleFetcher {
    Map<Jid, PreKeyBundle> fetch(List<Jid> devices);
  }

  private final SignalProtocol signal;
  private final SecureRandom random;
  private final UnaryOperator<Jid> encryptionIdentity;

  /** Sessions are keyed by the device JIDs as given. */
  public MessageEncryptor(SignalProtocol signal, SecureRandom random) {
    this(signal, random, UnaryOperator.identity());
  }

  /**
   * @param encryptionIdentity maps a wire device JID to the JID whose Signal session is used (the
   *     LID device when a phone-number mapping is known, §1.10)
   */
  public MessageEncryptor(
      SignalProtocol signal, SecureRandom random, UnaryOperator<Jid> encryptionIdentity) {
    this.signal = Objects.requireNonNull(signal, "signal");
    this.random = Objects.requireNonNull(random, "random");
    this.encryptionIdentity = Objects.requireNonNull(encryptionIdentity, "encryptionIdentity");
  }

  /** The Signal address of a device JID ({@code user[_domain].device}). */
  public static String address(Jid device) {
    return SignalProtocol.address(device.user(), device.domainType(), device.device());
  }

  /**
   * Encrypts a 1:1 message for every device in {@code devices} (the recipient's and our own, as
   * usync listed them) except this device. Our own other devices get the {@code deviceSentMessage}
   * copy addressed to {@code chat}.
   */
  public Fanout encryptDirect(
      Message message, Jid chat, List<Jid> devices, OwnDevice own, BundleFetcher fetcher) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(own, "own");
    byte[] plaintext = message.toByteArray();
    byte[] ownCopy = MessageCodec.deviceSent(message, chat.toNonAd().toString()).toByteArray();
    Map<String, String> encAttrs = OutgoingStanzas.encAttributes(message, true);
    List<Jid> targets = targets(devices, own, false);
    return fanout(targets, d -> own.isOwnAccount(d) ? ownCopy : plaintext, encAttrs, fetcher);
  }

  /**
   * Encrypts a group message: the skmsg with our sender key, and the pairwise carriers of our
   * sender-key distribution for the devices {@code needsKey} selects (all of them is what whatsmeow
   * does; Baileys tracks which devices already have it). Hosted devices are left out (§4.2).
   *
   * @param devices every device of every participant, ours included, as usync listed them
   * @param lidAddressing whether the group is LID-addressed: our sender key then goes under our LID
   *     device (the {@code participant} receivers see), else under our phone-number device
   */
  public GroupEncryption encryptGroup(
      Message message,
      Jid group,
      List<Jid> devices,
      OwnDevice own,
      boolean lidAddressing,
      Predicate<Jid> needsKey,
      BundleFetcher fetcher) {
    Objects.requireNonNull(message, "message");
    if (!group.isGroup() && !group.isBroadcast()) {
      throw new ValidationException("not a group JID: " + group);
    }
    List<Jid> all = targets(devices, own, true);
    List<Jid> hashed = new ArrayList<>();
    for (Jid d : devices) {
      if (!isHosted(d)) {
        hashed.add(d);
      }
    }
    String groupId = group.toString();
    String ownAddress = address(own.senderKeyIdentity(lidAddressing));
    byte[] distribution = signal.createSenderKeyDistribution(groupId, ownAddress);
    byte[] skmsg =
        signal.groupEncrypt(groupId, ownAddress, Padding.pad(message.toByteArray(), random));
    List<Jid> receivers = new ArrayList<>();
    for (Jid d : all) {
      if (needsKey.test(d)) {
        receivers.add(d);
      }
    }
    byte[] carrier = MessageCodec.senderKeyCarrier(groupId, distribution).toByteArray();
    Fanout carriers =
        fanout(receivers, d -> carrier, OutgoingStanzas.encAttributes(message, false), fetcher);
    return new GroupEncryption(skmsg, carriers, ParticipantHash.of(hashed));
  }

  /**
   * {@code message} with our current sender-key distribution for {@code group} added: what a group
   * message becomes when it is re-sent pairwise to a device that asked with a retry receipt (§2.7
   * step 2, §4.6).
   */
  public Message withOurSenderKey(
      Message message, Jid group, OwnDevice own, boolean lidAddressing) {
    String groupId = group.toString();
    byte[] distribution =
        signal.createSenderKeyDistribution(groupId, address(own.senderKeyIdentity(lidAddressing)));
    return MessageCodec.withSenderKeyDistribution(message, groupId, distribution);
  }

  /**
   * Encrypts {@code message} for one device, e.g. to answer its retry receipt. With a {@code
   * bundle} (the receipt's keys) a fresh session is built first; without one, a missing session is
   * built from a fetched bundle.
   *
   * @throws CryptoException {@code no_bundle} when no session can be built, or a Signal error
   */
  public EncryptResult encryptFor(
      Jid device, Message message, PreKeyBundle bundle, BundleFetcher fetcher) {
    String address = address(encryptionIdentity.apply(device));
    if (bundle != null) {
      signal.processBundle(address, bundle);
    } else if (!signal.hasSession(address)) {
      PreKeyBundle fetched = fetcher.fetch(List.of(device)).get(device);
      if (fetched == null) {
        throw new CryptoException(ErrorCode.NO_BUNDLE, "no prekey bundle for the device");
      }
      signal.processBundle(address, fetched);
    }
    return signal.encrypt(address, Padding.pad(message.toByteArray(), random));
  }

  private List<Jid> targets(List<Jid> devices, OwnDevice own, boolean dropHosted) {
    Set<Jid> unique = new LinkedHashSet<>();
    for (Jid d : devices) {
      if (!d.isUser()) {
        throw new ValidationException("not a device JID: " + d);
      }
      if (own.isThisDevice(d) || (dropHosted && isHosted(d))) {
        continue;
      }
      unique.add(d);
    }
    return new ArrayList<>(unique);
  }

  private static boolean isHosted(Jid d) {
    return d.server().equals(Jid.HOSTED_SERVER) || d.server().equals(Jid.HOSTED_LID_SERVER);
  }

  private interface PlaintextFor {
    byte[] plaintext(Jid device);
  }

  private Fanout fanout(
      List<Jid> targets,
      PlaintextFor plaintexts,
      Map<String, String> encAttrs,
      BundleFetcher fetcher) {
    Map<Jid, String> failed = new LinkedHashMap<>();
    List<Jid> missing = new ArrayList<>();
    for (Jid d : targets) {
      if (!signal.hasSession(address(encryptionIdentity.apply(d)))) {
        missing.add(d);
      }
    }
    if (!missing.isEmpty()) {
      Map<Jid, PreKeyBundle> bundles = fetcher.fetch(List.copyOf(missing));
      for (Jid d : missing) {
        PreKeyBundle bundle = bundles == null ? null : bundles.get(d);
        if (bundle == null) {
          failed.put(d, ErrorCode.NO_BUNDLE.wireName());
          continue;
        }
        try {
          signal.processBundle(address(encryptionIdentity.apply(d)), bundle);
        } catch (CryptoException | ValidationException e) {
          log.warn("skipping a device whose bundle was rejected: {}", e.code());
          failed.put(d, e.code());
        }
      }
    }
    List<BinaryNode> nodes = new ArrayList<>();
    List<Jid> done = new ArrayList<>();
    boolean anyPreKey = false;
    for (Jid d : targets) {
      if (failed.containsKey(d)) {
        continue;
      }
      EncryptResult result;
      try {
        result =
            signal.encrypt(
                address(encryptionIdentity.apply(d)), Padding.pad(plaintexts.plaintext(d), random));
      } catch (CryptoException e) {
        log.warn("skipping a device that could not be encrypted for: {}", e.code());
        failed.put(d, e.code());
        continue;
      }
      anyPreKey |= result.preKeyMessage();
      nodes.add(OutgoingStanzas.to(d, result, encAttrs));
      done.add(d);
    }
    return new Fanout(nodes, anyPreKey, done, failed);
  }

  /**
   * A group message ready for {@link OutgoingStanzas#group}.
   *
   * @param skmsg the SenderKeyMessage
   * @param carriers the pairwise sender-key distribution encs
   * @param phash the participant hash over every non-hosted device given, ours included
   */
  public record GroupEncryption(byte[] skmsg, Fanout carriers, String phash) {
    public GroupEncryption {
      skmsg = skmsg.clone();
      Objects.requireNonNull(carriers, "carriers");
    }

    @Override
    public byte[] skmsg() {
      return skmsg.clone();
    }
  }
}
