package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the stanza builders and parsers of this package. */
final class Stanzas {
  static final String SERVER = Jid.SERVER.toString();

  private Stanzas() {}

  static WireException bad(String message) {
    return new WireException("bad_stanza", message);
  }

  /** Byte content; string content (short byte strings may decode as text) as UTF-8. */
  static byte[] content(BinaryNode node) {
    if (node == null) {
      return null;
    }
    byte[] bytes = node.bytes();
    if (bytes != null) {
      return bytes;
    }
    String text = node.text();
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] childContent(BinaryNode parent, String tag) {
    return content(parent.child(tag));
  }

  static Jid jid(BinaryNode node, String attr) throws WireException {
    String value = node.attr(attr);
    if (value == null || value.isEmpty()) {
      throw bad(node.tag() + " has no " + attr);
    }
    return parseJid(value, node.tag() + " " + attr);
  }

  static Jid optionalJid(BinaryNode node, String attr) throws WireException {
    String value = node.attr(attr);
    return value == null || value.isEmpty() ? null : parseJid(value, node.tag() + " " + attr);
  }

  static Jid parseJid(String value, String what) throws WireException {
    try {
      return Jid.parse(value);
    } catch (ValidationException e) {
      throw bad(what + " is not a JID");
    }
  }

  static String required(BinaryNode node, String attr) throws WireException {
    String value = node.attr(attr);
    if (value == null || value.isEmpty()) {
      throw bad(node.tag() + " has no " + attr);
    }
    return value;
  }

  /** A non-negative integer attribute, or {@code fallback} when absent. */
  static long number(BinaryNode node, String attr, long fallback) throws WireException {
    String value = node.attr(attr);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw bad(node.tag() + " " + attr + " is negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(node.tag() + " " + attr + " is not a number");
    }
  }

  /** Big-endian unsigned integer of 1..4 bytes. */
  static int bigEndian(byte[] bytes) {
    int v = 0;
    for (byte b : bytes) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  static byte[] bigEndian(int value, int length) {
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  static BinaryNode bytesNode(String tag, byte[] bytes) {
    return BinaryNode.newBuilder(tag).bytes(bytes).build();
  }
}
