package dev.wagateway.core.internal.pairing;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stanzas of linked-device pairing (docs/protocol/pairing.md §2.2, §3, §4): parsers for what
 * the server sends and builders for what the companion answers. Children and attributes are written
 * in the order both libraries use, so the encoded frames match theirs byte for byte.
 *
 * <p>Parsers throw {@link WireException} {@code bad_stanza} when a stanza cannot be answered at all
 * (no id, wrong shape). A {@code pair-success} with bad or missing parts is not an exception:
 * {@link #parsePairSuccess} keeps what is there and {@link PairSuccessVerifier} turns the gaps into
 * a {@code pair-error} reply.
 */
public final class PairingStanzas {
  /**
   * The server JID as an attribute value ({@code @s.whatsapp.net}): a JID with an empty user, which
   * the codec writes as a JID pair ({@code FA 00 03}), as whatsmeow and Baileys send it.
   */
  public static final String SERVER_JID = Jid.SERVER.toString();

  static final String SERVER = Jid.WHATSAPP_SERVER;
  static final String LINK_CODE_REG = "link_code_companion_reg";

  /** {@code Browser (OS)}: a name, one space, and a parenthesised name, no nesting. */
  private static final Pattern PLATFORM_DISPLAY = Pattern.compile("[^()]*[^() ] \\([^()]+\\)");

  private PairingStanzas() {}

  /** The refs of {@code <iq type="set"><pair-device><ref>…</ref>…</pair-device></iq>}. */
  public record PairDevice(String iqId, List<String> refs) {
    public PairDevice {
      refs = List.copyOf(refs);
    }
  }

  /** True when {@code node} is the server's pair-device iq. */
  public static boolean isPairDevice(BinaryNode node) {
    return isServerIq(node, "set") && node.child("pair-device") != null;
  }

  /** True when {@code node} is the server's pair-success iq. */
  public static boolean isPairSuccess(BinaryNode node) {
    return isServerIq(node, "set") && node.child("pair-success") != null;
  }

  /** True when {@code node} is a phone-code pairing notification at stage primary_hello. */
  public static boolean isPrimaryHello(BinaryNode node) {
    if (!"notification".equals(node.tag()) || !LINK_CODE_REG.equals(node.attr("type"))) {
      return false;
    }
    BinaryNode reg = node.child(LINK_CODE_REG);
    return reg != null && reg.child("link_code_pairing_wrapped_primary_ephemeral_pub") != null;
  }

  /**
   * Reads the refs of a pair-device iq: from the server, exactly one child, at least one non-empty
   * {@code <ref>}.
   */
  public static PairDevice parsePairDevice(BinaryNode iq) throws WireException {
    requireServerIq(iq, "set", "pair-device");
    if (iq.children().size() != 1) {
      throw bad("pair-device iq must have exactly one child");
    }
    List<String> refs = new ArrayList<>();
    for (BinaryNode ref : iq.child("pair-device").children("ref")) {
      byte[] content = contentBytes(ref);
      if (content == null || content.length == 0) {
        throw bad("pair-device has an empty ref");
      }
      refs.add(QrCodes.refText(content));
    }
    if (refs.isEmpty()) {
      throw bad("pair-device carried no refs");
    }
    return new PairDevice(iq.attr("id"), refs);
  }

  /** {@code <iq to="@s.whatsapp.net" type="result" id="…"/>}: the immediate ack of pair-device. */
  public static BinaryNode pairDeviceAck(PairDevice pairDevice) {
    return BinaryNode.newBuilder("iq")
        .attr("to", SERVER_JID)
        .attr("type", "result")
        .attr("id", pairDevice.iqId())
        .build();
  }

  /** Reads a pair-success iq into its parts; missing parts stay null for the verifier. */
  public static PairSuccess parsePairSuccess(BinaryNode iq) throws WireException {
    requireServerIq(iq, "set", "pair-success");
    BinaryNode success = iq.child("pair-success");
    BinaryNode identity = success.child("device-identity");
    BinaryNode device = success.child("device");
    BinaryNode platform = success.child("platform");
    BinaryNode biz = success.child("biz");
    BinaryNode props = success.child("client-props");
    return new PairSuccess(
        iq.attr("id"),
        parseTime(iq.attr("t")),
        identity == null ? null : contentBytes(identity),
        device == null ? null : device.attr("jid"),
        device == null ? null : device.attr("lid"),
        platform == null ? null : platform.attr("name"),
        biz == null ? null : biz.attr("name"),
        props == null ? null : contentBytes(props));
  }

  /**
   * The reply to a verified pair-success: {@code <iq to type="result" id><pair-device-sign>
   * <device-identity key-index="N">ADVSignedDeviceIdentity without the account key
   * </device-identity></pair-device-sign></iq>}.
   */
  public static BinaryNode pairDeviceSign(PairOutcome.Paired paired) {
    BinaryNode identity =
        BinaryNode.newBuilder("device-identity")
            .attr("key-index", Integer.toString(paired.keyIndex()))
            .bytes(paired.replyIdentity())
            .build();
    return BinaryNode.newBuilder("iq")
        .attr("to", SERVER_JID)
        .attr("type", "result")
        .attr("id", paired.iqId())
        .child(BinaryNode.newBuilder("pair-device-sign").child(identity).build())
        .build();
  }

  /** The reply to a refused pair-success: {@code <iq type="error"><error code text/></iq>}. */
  public static BinaryNode pairError(PairOutcome.Rejected rejected) {
    return BinaryNode.newBuilder("iq")
        .attr("to", SERVER_JID)
        .attr("type", "error")
        .attr("id", rejected.iqId())
        .child(
            BinaryNode.newBuilder("error")
                .attr("code", Integer.toString(rejected.error().replyCode()))
                .attr("text", rejected.error().replyText())
                .build())
        .build();
  }

  /** The reply for a verification outcome: pair-device-sign or pair-error. */
  public static BinaryNode reply(PairOutcome outcome) {
    if (outcome instanceof PairOutcome.Paired paired) {
      return pairDeviceSign(paired);
    }
    return pairError((PairOutcome.Rejected) outcome);
  }

  /**
   * Stage 1 of phone-code pairing (docs/protocol/pairing.md §4.3).
   *
   * @param iqId the request id
   * @param pairing the pending pairing (phone number)
   * @param wrappedEphemeral {@link CodePairing#wrappedEphemeral} (80 bytes)
   * @param noisePublicKey our Noise static public key
   * @param platform the companion platform, e.g. {@link CompanionPlatform#CHROME}
   * @param platformDisplay {@code "Browser (OS)"}, e.g. {@code "Chrome (Linux)"}
   * @param showPushNotification whether the phone shows a notification asking for the code
   * @throws ValidationException if {@code platformDisplay} is not of the form {@code "Browser
   *     (OS)"} (the server answers 400 to anything else)
   */
  public static BinaryNode companionHello(
      String iqId,
      CodePairing pairing,
      byte[] wrappedEphemeral,
      byte[] noisePublicKey,
      CompanionPlatform platform,
      String platformDisplay,
      boolean showPushNotification) {
    if (platformDisplay == null || !PLATFORM_DISPLAY.matcher(platformDisplay).matches()) {
      throw new ValidationException(
          "companion platform display must look like \"Browser (OS)\", e.g. \"Chrome (Linux)\"");
    }
    BinaryNode reg =
        BinaryNode.newBuilder(LINK_CODE_REG)
            .attr("jid", pairing.phoneJid())
            .attr("stage", "companion_hello")
            .attr("should_show_push_notification", Boolean.toString(showPushNotification))
            .child(bytesNode("link_code_pairing_wrapped_companion_ephemeral_pub", wrappedEphemeral))
            .child(bytesNode("companion_server_auth_key_pub", noisePublicKey))
            .child(textNode("companion_platform_id", platform.id()))
            .child(
                bytesNode(
                    "companion_platform_display", platformDisplay.getBytes(StandardCharsets.UTF_8)))
            // Baileys sends the string "0", whatsmeow the byte 0x00; both are accepted today.
            .child(textNode("link_code_pairing_nonce", "0"))
            .build();
    return mdSet(iqId, reg);
  }

  /** The {@code link_code_pairing_ref} of the companion_hello result. */
  public static byte[] parseCompanionHelloResult(BinaryNode iq) throws WireException {
    if (!"iq".equals(iq.tag()) || !"result".equals(iq.attr("type"))) {
      throw bad("companion_hello answer is not an iq result");
    }
    BinaryNode reg = iq.child(LINK_CODE_REG);
    BinaryNode ref = reg == null ? null : reg.child("link_code_pairing_ref");
    byte[] bytes = ref == null ? null : contentBytes(ref);
    if (bytes == null || bytes.length == 0) {
      throw bad("companion_hello result has no link_code_pairing_ref");
    }
    return bytes;
  }

  /** Reads a primary_hello notification (docs/protocol/pairing.md §4.4). */
  public static PrimaryHello parsePrimaryHello(BinaryNode notification) throws WireException {
    if (!isPrimaryHello(notification)) {
      throw bad("not a link_code_companion_reg primary_hello notification");
    }
    String id = notification.attr("id");
    if (id == null || id.isEmpty()) {
      throw bad("primary_hello notification has no id");
    }
    BinaryNode reg = notification.child(LINK_CODE_REG);
    byte[] ref = childBytes(reg, "link_code_pairing_ref");
    byte[] wrapped = childBytes(reg, "link_code_pairing_wrapped_primary_ephemeral_pub");
    byte[] identity = childBytes(reg, "primary_identity_pub");
    if (wrapped.length < PairingCodeCrypto.WRAPPED_EPHEMERAL_LENGTH) {
      throw bad("wrapped primary ephemeral key is shorter than 80 bytes");
    }
    if (identity.length != 32) {
      throw bad("primary_identity_pub is not 32 bytes");
    }
    return new PrimaryHello(id, ref, wrapped, identity);
  }

  /** {@code <ack class="notification" id to type="link_code_companion_reg"/>}. */
  public static BinaryNode primaryHelloAck(BinaryNode notification) {
    String from = notification.attr("from");
    return BinaryNode.newBuilder("ack")
        .attr("id", notification.attr("id"))
        .attr("to", from == null ? SERVER : from)
        .attr("class", "notification")
        .attr("type", LINK_CODE_REG)
        .build();
  }

  /** Stage 3 of phone-code pairing (docs/protocol/pairing.md §4.5). */
  public static BinaryNode companionFinish(
      String iqId, CodePairing pairing, byte[] wrappedKeyBundle, byte[] identityPublicKey) {
    byte[] ref = pairing.ref();
    if (ref == null) {
      throw new IllegalStateException("companion_finish needs the ref of companion_hello");
    }
    BinaryNode reg =
        BinaryNode.newBuilder(LINK_CODE_REG)
            .attr("jid", pairing.phoneJid())
            .attr("stage", "companion_finish")
            .child(bytesNode("link_code_pairing_wrapped_key_bundle", wrappedKeyBundle))
            .child(bytesNode("companion_identity_public", identityPublicKey))
            .child(bytesNode("link_code_pairing_ref", ref))
            .build();
    return mdSet(iqId, reg);
  }

  private static BinaryNode mdSet(String iqId, BinaryNode child) {
    return BinaryNode.newBuilder("iq")
        .attr("to", SERVER_JID)
        .attr("type", "set")
        .attr("id", iqId)
        .attr("xmlns", "md")
        .child(child)
        .build();
  }

  private static BinaryNode bytesNode(String tag, byte[] bytes) {
    return BinaryNode.newBuilder(tag).bytes(bytes).build();
  }

  private static BinaryNode textNode(String tag, String text) {
    return BinaryNode.newBuilder(tag).text(text).build();
  }

  private static boolean isServer(String jid) {
    return SERVER.equals(jid) || SERVER_JID.equals(jid);
  }

  private static boolean isServerIq(BinaryNode node, String type) {
    return "iq".equals(node.tag()) && type.equals(node.attr("type")) && isServer(node.attr("from"));
  }

  private static void requireServerIq(BinaryNode iq, String type, String child)
      throws WireException {
    if (!"iq".equals(iq.tag()) || !type.equals(iq.attr("type"))) {
      throw bad(child + " must come in an iq of type " + type);
    }
    if (!isServer(iq.attr("from"))) {
      throw bad(child + " iq is not from the server");
    }
    String id = iq.attr("id");
    if (id == null || id.isEmpty()) {
      throw bad(child + " iq has no id");
    }
    if (iq.child(child) == null) {
      throw bad("iq has no " + child + " child");
    }
  }

  private static byte[] childBytes(BinaryNode parent, String tag) throws WireException {
    BinaryNode child = parent.child(tag);
    byte[] bytes = child == null ? null : contentBytes(child);
    if (bytes == null || bytes.length == 0) {
      throw bad(parent.tag() + " has no " + tag);
    }
    return bytes;
  }

  /** Byte content; string content (a codec may decode short byte content as text) as UTF-8. */
  private static byte[] contentBytes(BinaryNode node) {
    byte[] bytes = node.bytes();
    if (bytes != null) {
      return bytes;
    }
    String text = node.text();
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static Long parseTime(String t) {
    if (t == null) {
      return null;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static WireException bad(String message) {
    return new WireException("bad_stanza", message);
  }
}
