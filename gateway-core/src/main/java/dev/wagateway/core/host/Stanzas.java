package dev.wagateway.core.host;

import dev.wagateway.core.internal.pairing.PairingStanzas;
import dev.wagateway.core.wire.BinaryNode;

/** Small stanzas the session sends: acks, the passive iq, pings, logout, iq errors. */
final class Stanzas {
  static final String SERVER = PairingStanzas.SERVER_JID;

  private Stanzas() {}

  /** {@code <iq id xmlns type to="@s.whatsapp.net">children</iq>}. */
  static BinaryNode iq(String id, String xmlns, String type, BinaryNode... children) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("iq")
            .attr("id", id)
            .attr("xmlns", xmlns)
            .attr("type", type)
            .attr("to", SERVER);
    for (BinaryNode child : children) {
      b.child(child);
    }
    return b.build();
  }

  /** {@code <ack id to class [type]/>} for a notification (docs/protocol/transport.md §7.7). */
  static BinaryNode ack(BinaryNode stanza) {
    BinaryNode.Builder b =
        BinaryNode.newBuilder("ack")
            .attr("id", stanza.attr("id"))
            .attr("to", stanza.attr("from") == null ? SERVER : stanza.attr("from"))
            .attr("class", stanza.tag());
    if (stanza.attr("type") != null) {
      b.attr("type", stanza.attr("type"));
    }
    return b.build();
  }

  /** {@code <iq xmlns="passive" type="set"><active/></iq>}. */
  static BinaryNode active(String id) {
    return iq(id, "passive", "set", BinaryNode.of("active"));
  }

  /** {@code <iq xmlns="w:p" type="get"><ping/></iq>}. */
  static BinaryNode ping(String id) {
    return iq(id, "w:p", "get", BinaryNode.of("ping"));
  }

  /** {@code <iq type="result" id to/>}: answers a server iq we have nothing to say to. */
  static BinaryNode result(BinaryNode request) {
    return BinaryNode.newBuilder("iq")
        .attr("id", request.attr("id"))
        .attr("to", request.attr("from") == null ? SERVER : request.attr("from"))
        .attr("type", "result")
        .build();
  }

  /** {@code <iq type="error" id><error code text/></iq>}. */
  static BinaryNode iqError(String id, int code, String text) {
    return BinaryNode.newBuilder("iq")
        .attr("to", SERVER)
        .attr("type", "error")
        .attr("id", id)
        .child(
            BinaryNode.newBuilder("error")
                .attr("code", Integer.toString(code))
                .attr("text", text)
                .build())
        .build();
  }

  /** docs/protocol/pairing.md §6.4: unlink our own device. */
  static BinaryNode removeCompanionDevice(String id, String ownJid) {
    return iq(
        id,
        "md",
        "set",
        BinaryNode.newBuilder("remove-companion-device")
            .attr("jid", ownJid)
            .attr("reason", "user_initiated")
            .build());
  }
}
