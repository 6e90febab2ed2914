package dev.wagateway.core.internal.messaging;

import static dev.wagateway.core.internal.messaging.Stanzas.bad;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The prekey-bundle fetch (docs/protocol/messaging.md §3.3): {@code <iq xmlns="encrypt"
 * type="get"><key>} and its answer, parsed into one {@link PreKeyBundle} per device. Nothing is
 * verified here; {@code SignalProtocol.processBundle} checks the signed prekey's signature.
 */
public final class PreKeyFetch {
  private PreKeyFetch() {}

  /**
   * The request for the bundles of {@code devices}. {@code identityReason} adds {@code
   * reason="identity"} to each user, as whatsmeow always does and Baileys does when it forces a
   * fresh session.
   */
  public static BinaryNode request(String iqId, List<Jid> devices, boolean identityReason) {
    Objects.requireNonNull(iqId, "iqId");
    if (devices == null || devices.isEmpty()) {
      throw new ValidationException("a prekey fetch needs at least one device");
    }
    BinaryNode.Builder key = BinaryNode.newBuilder("key");
    for (Jid device : devices) {
      if (!device.isUser()) {
        throw new ValidationException("prekey fetch target is not a device JID: " + device);
      }
      BinaryNode.Builder user = BinaryNode.newBuilder("user").attr("jid", device);
      if (identityReason) {
        user.attr("reason", "identity");
      }
      key.child(user.build());
    }
    return BinaryNode.newBuilder("iq")
        .attr("xmlns", "encrypt")
        .attr("type", "get")
        .attr("to", Stanzas.SERVER)
        .attr("id", iqId)
        .child(key.build())
        .build();
  }

  /**
   * Parses the answer: for each {@code <user>}, its bundle or the reason it has none.
   *
   * @throws WireException {@code bad_stanza} when the iq is not a result with a list
   */
  public static Map<Jid, FetchedBundle> parse(BinaryNode iq) throws WireException {
    if (!"iq".equals(iq.tag()) || !"result".equals(iq.attr("type"))) {
      throw bad("prekey answer is not an iq result");
    }
    BinaryNode list = iq.child("list");
    if (list == null) {
      throw bad("prekey answer has no list");
    }
    Map<Jid, FetchedBundle> out = new LinkedHashMap<>();
    for (BinaryNode user : list.children("user")) {
      Jid jid = Stanzas.jid(user, "jid");
      out.put(jid, parseUser(jid, user));
    }
    return out;
  }

  private static FetchedBundle parseUser(Jid jid, BinaryNode user) {
    BinaryNode error = user.child("error");
    if (error != null) {
      String code = error.attr("code") == null ? "" : error.attr("code");
      String text = error.attr("text") == null ? "" : error.attr("text");
      return FetchedBundle.failed(jid, ("server_error " + code + " " + text).trim());
    }
    try {
      return FetchedBundle.of(jid, bundle(user));
    } catch (WireException | ValidationException e) {
      return FetchedBundle.failed(jid, e.getMessage());
    }
  }

  /** The bundles of a parsed answer, leaving out the devices the server gave none for. */
  public static Map<Jid, PreKeyBundle> bundles(Map<Jid, FetchedBundle> fetched) {
    Map<Jid, PreKeyBundle> out = new LinkedHashMap<>();
    fetched.forEach(
        (jid, f) -> {
          if (f.bundle() != null) {
            out.put(jid, f.bundle());
          }
        });
    return out;
  }

  /**
   * Reads a bundle from a node holding {@code registration}, {@code identity}, {@code skey} and an
   * optional {@code key}, directly or wrapped in {@code <keys>} (both shapes occur, §3.3 and §2.7).
   * {@code registration} may be given separately (retry receipts carry it outside {@code keys}).
   */
  static PreKeyBundle bundle(BinaryNode user) throws WireException {
    return bundle(user, Stanzas.childContent(user, "registration"));
  }

  static PreKeyBundle bundle(BinaryNode user, byte[] registration) throws WireException {
    BinaryNode keys = user.child("keys") != null ? user.child("keys") : user;
    if (registration == null || registration.length != 4) {
      throw bad("bundle registration id must be 4 bytes");
    }
    byte[] type = Stanzas.childContent(keys, "type");
    if (type != null && (type.length != 1 || type[0] != 0x05)) {
      throw bad("bundle key type must be 0x05");
    }
    byte[] identity = exact(keys, "identity", 32);
    BinaryNode skey = keys.child("skey");
    if (skey == null) {
      throw bad("bundle has no signed prekey");
    }
    int skeyId = Stanzas.bigEndian(exact(skey, "id", 3));
    byte[] skeyValue = exact(skey, "value", 32);
    byte[] signature = exact(skey, "signature", 64);
    BinaryNode key = keys.child("key");
    OptionalInt preKeyId = OptionalInt.empty();
    byte[] preKey = null;
    if (key != null) {
      preKeyId = OptionalInt.of(Stanzas.bigEndian(exact(key, "id", 3)));
      preKey = exact(key, "value", 32);
    }
    return new PreKeyBundle(
        Stanzas.bigEndian(registration), identity, skeyId, skeyValue, signature, preKeyId, preKey);
  }

  private static byte[] exact(BinaryNode parent, String tag, int length) throws WireException {
    byte[] b = Stanzas.childContent(parent, tag);
    if (b == null || b.length != length) {
      throw bad(parent.tag() + " " + tag + " must be " + length + " bytes");
    }
    return b;
  }

  /**
   * One device's outcome.
   *
   * @param device the device JID as the server named it
   * @param bundle the bundle, null when the server gave none
   * @param error why there is no bundle, null when there is one
   */
  public record FetchedBundle(Jid device, PreKeyBundle bundle, String error) {
    public FetchedBundle {
      Objects.requireNonNull(device, "device");
      if ((bundle == null) == (error == null)) {
        throw new ValidationException("exactly one of bundle and error must be set");
      }
    }

    static FetchedBundle of(Jid device, PreKeyBundle bundle) {
      return new FetchedBundle(device, bundle, null);
    }

    static FetchedBundle failed(Jid device, String error) {
      return new FetchedBundle(device, null, error == null ? "error" : error);
    }
  }
}
