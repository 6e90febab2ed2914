package dev.wagateway.testkit.internal;

import dev.wagateway.core.wire.BinaryNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The stanzas the WhatsApp server sends, in the shapes of docs/protocol/pairing.md and
 * docs/protocol/transport.md §7 (attribute and child order as in the recorded transcripts). Only
 * builders: no state.
 */
public final class ServerStanzas {
  /** The server JID as the server writes it in {@code from}: the single token. */
  public static final String SERVER = "s.whatsapp.net";

  private ServerStanzas() {}

  /** {@code <iq from type="set" id xmlns="md"><pair-device><ref>…</ref>…</pair-device></iq>}. */
  public static BinaryNode pairDevice(String id, List<String> refs) {
    BinaryNode.Builder pairDevice = BinaryNode.newBuilder("pair-device");
    for (String ref : refs) {
      pairDevice.child(
          BinaryNode.newBuilder("ref").bytes(ref.getBytes(StandardCharsets.UTF_8)).build());
    }
    return mdSet(id, pairDevice.build(), null);
  }

  /**
   * {@code <iq from type="set" id xmlns="md" t><pair-success><device-identity/><platform name/>
   * <device jid lid/>[<biz name/>]</pair-success></iq>}.
   */
  public static BinaryNode pairSuccess(
      String id,
      long serverTime,
      byte[] deviceIdentity,
      String platform,
      String deviceJid,
      String deviceLid,
      String businessName) {
    BinaryNode.Builder success =
        BinaryNode.newBuilder("pair-success")
            .child(BinaryNode.newBuilder("device-identity").bytes(deviceIdentity).build())
            .child(BinaryNode.newBuilder("platform").attr("name", platform).build());
    BinaryNode.Builder device = BinaryNode.newBuilder("device").attr("jid", deviceJid);
    if (deviceLid != null) {
      device.attr("lid", deviceLid);
    }
    success.child(device.build());
    if (businessName != null) {
      success.child(BinaryNode.newBuilder("biz").attr("name", businessName).build());
    }
    return mdSet(id, success.build(), Long.toString(serverTime));
  }

  /** The ref answer to {@code companion_hello}. */
  public static BinaryNode companionHelloResult(String id, byte[] ref) {
    return result(
        id,
        BinaryNode.newBuilder("link_code_companion_reg")
            .child(BinaryNode.newBuilder("link_code_pairing_ref").bytes(ref).build())
            .build());
  }

  /** The {@code primary_hello} notification (docs/protocol/pairing.md §4.4). */
  public static BinaryNode primaryHello(
      String id,
      long serverTime,
      byte[] ref,
      byte[] primaryIdentityPublicKey,
      byte[] wrappedPrimaryEphemeral) {
    BinaryNode reg =
        BinaryNode.newBuilder("link_code_companion_reg")
            .attr("stage", "primary_hello")
            .child(BinaryNode.newBuilder("link_code_pairing_ref").bytes(ref).build())
            .child(
                BinaryNode.newBuilder("primary_identity_pub")
                    .bytes(primaryIdentityPublicKey)
                    .build())
            .child(
                BinaryNode.newBuilder("link_code_pairing_wrapped_primary_ephemeral_pub")
                    .bytes(wrappedPrimaryEphemeral)
                    .build())
            .build();
    return BinaryNode.newBuilder("notification")
        .attr("from", SERVER)
        .attr("type", "link_code_companion_reg")
        .attr("id", id)
        .attr("t", Long.toString(serverTime))
        .child(reg)
        .build();
  }

  /**
   * {@code <success t props abprops location creation lid [display_name]/>}
   * (docs/protocol/transport.md §7.2).
   */
  public static BinaryNode success(
      long serverTime, long creation, String lid, String displayName, Map<String, String> extra) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("success")
            .attr("t", Long.toString(serverTime))
            .attr("props", "1")
            .attr("abprops", "1")
            .attr("location", "sim")
            .attr("creation", Long.toString(creation));
    if (lid != null) {
      b.attr("lid", lid);
    }
    if (displayName != null) {
      b.attr("display_name", displayName);
    }
    extra.forEach(b::attr);
    return b.build();
  }

  /** {@code <failure reason="N" …/>} (docs/protocol/transport.md §7.3). */
  public static BinaryNode failure(int reason, Map<String, String> extra) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("failure").attr("reason", Integer.toString(reason));
    extra.forEach(b::attr);
    return b.build();
  }

  /** {@code <ib from><offline count="0"/></ib>}: the (empty) offline backlog is delivered. */
  public static BinaryNode offlineDone() {
    return BinaryNode.newBuilder("ib")
        .attr("from", SERVER)
        .child(BinaryNode.newBuilder("offline").attr("count", "0").build())
        .build();
  }

  /** {@code <stream:error code="N"/>}. */
  public static BinaryNode streamError(int code) {
    return BinaryNode.newBuilder("stream:error").attr("code", Integer.toString(code)).build();
  }

  /** {@code <stream:error><conflict type="replaced"/></stream:error>}. */
  public static BinaryNode replaced() {
    return BinaryNode.newBuilder("stream:error")
        .child(BinaryNode.newBuilder("conflict").attr("type", "replaced").build())
        .build();
  }

  /** {@code <stream:error code="401"><conflict type="device_removed"/></stream:error>}. */
  public static BinaryNode deviceRemoved() {
    return BinaryNode.newBuilder("stream:error")
        .attr("code", "401")
        .child(BinaryNode.newBuilder("conflict").attr("type", "device_removed").build())
        .build();
  }

  /** {@code <iq from type="result" id/>} with optional children. */
  public static BinaryNode result(String id, BinaryNode... children) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("iq").attr("from", SERVER).attr("type", "result").attr("id", id);
    for (BinaryNode child : children) {
      b.child(child);
    }
    return b.build();
  }

  /** {@code <iq from type="error" id><error code text/></iq>}. */
  public static BinaryNode error(String id, int code, String text) {
    return BinaryNode.newBuilder("iq")
        .attr("from", SERVER)
        .attr("type", "error")
        .attr("id", id)
        .child(
            BinaryNode.newBuilder("error")
                .attr("code", Integer.toString(code))
                .attr("text", text)
                .build())
        .build();
  }

  /** {@code <ack class id from [t]/>}: the server's receipt of a client stanza. */
  public static BinaryNode ack(BinaryNode stanza, long serverTime) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("ack")
            .attr("class", stanza.tag())
            .attr("id", stanza.attr("id") == null ? "" : stanza.attr("id"));
    String to = stanza.attr("to");
    if (to != null) {
      b.attr("from", to);
    }
    if (stanza.attr("type") != null && !"message".equals(stanza.tag())) {
      b.attr("type", stanza.attr("type"));
    }
    b.attr("t", Long.toString(serverTime));
    return b.build();
  }

  private static BinaryNode mdSet(String id, BinaryNode child, String t) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("iq")
            .attr("from", SERVER)
            .attr("type", "set")
            .attr("id", id)
            .attr("xmlns", "md");
    if (t != null) {
      b.attr("t", t);
    }
    return b.child(child).build();
  }
}
