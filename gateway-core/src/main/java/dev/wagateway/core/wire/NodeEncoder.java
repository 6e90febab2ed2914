package dev.wagateway.core.wire;

import dev.wagateway.core.GatewayException;
import java.util.Arrays;

/**
 * Writes nodes in the WABinary format (docs/protocol/transport.md §5), byte-compatible with
 * Baileys' {@code encodeBinaryNode} for every node whose strings are tokens, packable, raw, or
 * valid JIDs.
 *
 * <p>String rule, in order: dictionary token (including {@code ""} as byte {@code 00}); nibble
 * packed ({@code 0-9 - .}, 1..127 chars); hex packed ({@code 0-9 A-F}, upper case only, 1..127
 * chars); a JID when the text contains {@code @}; else raw UTF-8 with a BINARY_8/20/32 length.
 *
 * <p>JID text is read as Baileys reads it (server after the first {@code @}, {@code user[_agent]
 * [:device]}), and written as Baileys 6.7 writes it for {@code s.whatsapp.net}, {@code lid} and
 * plain servers: AD_JID when a {@code :device} part is present (even {@code :0}, the Baileys quirk;
 * domain 1 for {@code lid}, else 0), otherwise JID_PAIR. Following the dossier (§5.6, whatsmeow)
 * instead of Baileys 6.7: {@code hosted}/{@code hosted.lid} always use AD_JID with domain 128/129,
 * {@code msgr} uses FB_JID, {@code interop} uses INTEROP_JID ({@code
 * integrator-user:device@interop}), and on {@code s.whatsapp.net} a numeric agent other than
 * 0/1/128/129 is kept as the AD_JID domain byte. Text that Baileys would turn into bytes that
 * decode to something else or not at all (empty server, a second {@code @} or {@code :}, a device
 * that is not a number or above 255 in AD_JID, a device on a plain server, an agent without a
 * device or on another server) is written raw, so it decodes back unchanged.
 *
 * <p>Thread-safe: each call writes into a per-thread scratch buffer and returns an exact-size copy.
 */
final class NodeEncoder<N> {
  static final int LIST_EMPTY = 0;
  static final int DICTIONARY_0 = 236;
  static final int INTEROP_JID = 245;
  static final int FB_JID = 246;
  static final int AD_JID = 247;
  static final int LIST_8 = 248;
  static final int LIST_16 = 249;
  static final int JID_PAIR = 250;
  static final int HEX_8 = 251;
  static final int BINARY_8 = 252;
  static final int BINARY_20 = 253;
  static final int BINARY_32 = 254;
  static final int NIBBLE_8 = 255;
  static final int PACKED_MAX = 127;

  private static final int INITIAL_CAPACITY = 1024;

  /** Largest per-thread scratch buffer kept between calls (bigger ones are left to the GC). */
  private static final int MAX_RETAINED_SCRATCH = 64 * 1024;

  /**
   * Per-thread scratch buffer: a node is written here and copied out at its exact size, so a call
   * allocates only its result. Never shared between threads, never reentered (the model does not
   * call back into the encoder).
   */
  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[INITIAL_CAPACITY]);

  private final NodeModel<N> model;
  private final int maxDepth;
  private final int maxBytes;

  public NodeEncoder(NodeModel<N> model, int maxDepth, int maxBytes) {
    this.model = model;
    this.maxDepth = maxDepth;
    this.maxBytes = maxBytes;
  }

  /**
   * The frame plaintext for {@code node}: flag byte {@code 00} followed by the node.
   *
   * @throws GatewayException.ValidationException if the node cannot be encoded (nesting deeper than
   *     the limit, more than 65535 children or attributes, larger than the frame limit)
   */
  public byte[] encode(N node) {
    byte[] scratch = SCRATCH.get();
    Writer w = new Writer(scratch);
    w.buf[0] = 0;
    w.pos = 1;
    w.writeNode(node, 1);
    if (w.pos > maxBytes) {
      throw new GatewayException.ValidationException(
          "encoded node of " + w.pos + " bytes exceeds the frame limit of " + maxBytes + " bytes");
    }
    byte[] out = Arrays.copyOf(w.buf, w.pos);
    if (w.buf != scratch && w.buf.length <= MAX_RETAINED_SCRATCH) {
      SCRATCH.set(w.buf);
    }
    return out;
  }

  private final class Writer {
    byte[] buf;
    int pos;

    Writer(byte[] buf) {
      this.buf = buf;
    }

    private void ensure(int n) {
      int needed = pos + n;
      if (needed > buf.length) {
        if (needed > maxBytes || needed < 0) {
          throw new GatewayException.ValidationException(
              "encoded node exceeds the frame limit of " + maxBytes + " bytes");
        }
        int cap = Math.max(buf.length << 1, needed);
        if (cap < 0 || cap > maxBytes) {
          cap = Math.max(needed, maxBytes);
        }
        buf = Arrays.copyOf(buf, cap);
      }
    }

    private void put(int b) {
      if (pos == buf.length) {
        ensure(1);
      }
      buf[pos++] = (byte) b;
    }

    private void put2(int a, int b) {
      ensure(2);
      buf[pos] = (byte) a;
      buf[pos + 1] = (byte) b;
      pos += 2;
    }

    void writeNode(N node, int depth) {
      if (depth > maxDepth) {
        throw new GatewayException.ValidationException(
            "node nesting deeper than " + maxDepth + " levels");
      }
      String[] attrs = model.attributes(node);
      int kind = model.contentKind(node);
      int size = 1 + attrs.length + (kind == NodeModel.CONTENT_NONE ? 0 : 1);
      if (size > 0xFFFF) {
        throw new GatewayException.ValidationException(
            "node <" + model.tag(node) + "> has too many attributes: " + attrs.length / 2);
      }
      writeListStart(size);
      writeString(model.tag(node));
      for (String a : attrs) {
        writeString(a);
      }
      switch (kind) {
        case NodeModel.CONTENT_TEXT:
          writeString(model.text(node));
          break;
        case NodeModel.CONTENT_BYTES:
          byte[] bytes = model.bytes(node);
          writeByteLength(bytes.length);
          ensure(bytes.length);
          System.arraycopy(bytes, 0, buf, pos, bytes.length);
          pos += bytes.length;
          break;
        case NodeModel.CONTENT_LIST:
          int n = model.childCount(node);
          if (n > 0xFFFF) {
            throw new GatewayException.ValidationException(
                "node <" + model.tag(node) + "> has more than 65535 children: " + n);
          }
          writeListStart(n);
          for (int i = 0; i < n; i++) {
            writeNode(model.child(node, i), depth + 1);
          }
          break;
        default:
          break;
      }
    }

    private void writeListStart(int size) {
      if (size == 0) {
        put(LIST_EMPTY);
      } else if (size < 256) {
        put2(LIST_8, size);
      } else {
        ensure(3);
        buf[pos] = (byte) LIST_16;
        buf[pos + 1] = (byte) (size >>> 8);
        buf[pos + 2] = (byte) size;
        pos += 3;
      }
    }

    private void writeByteLength(int length) {
      if (length < 256) {
        put2(BINARY_8, length);
      } else if (length < (1 << 20)) {
        ensure(4);
        buf[pos] = (byte) BINARY_20;
        buf[pos + 1] = (byte) ((length >>> 16) & 0x0F);
        buf[pos + 2] = (byte) (length >>> 8);
        buf[pos + 3] = (byte) length;
        pos += 4;
      } else {
        ensure(5);
        buf[pos] = (byte) BINARY_32;
        buf[pos + 1] = (byte) (length >>> 24);
        buf[pos + 2] = (byte) (length >>> 16);
        buf[pos + 3] = (byte) (length >>> 8);
        buf[pos + 4] = (byte) length;
        pos += 5;
      }
    }

    private void writeToken(int code) {
      if (code > 0xFF) {
        put2(DICTIONARY_0 + (code >>> 8) - 1, code & 0xFF);
      } else {
        put(code);
      }
    }

    void writeString(String s) {
      int code = Tokens.lookup(s);
      if (code >= 0) {
        writeToken(code);
      } else {
        writeNonToken(s, 0, s.length(), true);
      }
    }

    private void writeRange(String s, int from, int to) {
      int code = Tokens.lookup(s, from, to);
      if (code >= 0) {
        writeToken(code);
      } else {
        writeNonToken(s, from, to, false);
      }
    }

    private void writeNonToken(String s, int from, int to, boolean jidAllowed) {
      int len = to - from;
      boolean nibble = len > 0 && len <= PACKED_MAX;
      boolean hex = nibble;
      boolean ascii = true;
      boolean hasAt = false;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
          continue;
        }
        if (c == '-' || c == '.') {
          hex = false;
        } else if (c >= 'A' && c <= 'F') {
          nibble = false;
        } else {
          nibble = false;
          hex = false;
          if (c == '@') {
            hasAt = true;
          } else if (c >= 0x80) {
            ascii = false;
          }
        }
      }
      if (nibble) {
        writePacked(s, from, to, NIBBLE_8);
      } else if (hex) {
        writePacked(s, from, to, HEX_8);
      } else if (!(hasAt && jidAllowed && writeJid(s, from, to))) {
        writeRaw(s, from, to, ascii);
      }
    }

    private void writePacked(String s, int from, int to, int type) {
      int len = to - from;
      int half = len >>> 1;
      ensure(2 + half + 1);
      buf[pos++] = (byte) type;
      buf[pos++] = (byte) (((len + 1) >>> 1) | ((len & 1) << 7));
      int i = from;
      for (int k = 0; k < half; k++, i += 2) {
        buf[pos++] = (byte) ((packValue(s.charAt(i)) << 4) | packValue(s.charAt(i + 1)));
      }
      if ((len & 1) != 0) {
        buf[pos++] = (byte) ((packValue(s.charAt(i)) << 4) | 0x0F);
      }
    }

    @SuppressWarnings("deprecation")
    private void writeRaw(String s, int from, int to, boolean ascii) {
      if (ascii) {
        int len = to - from;
        writeByteLength(len);
        ensure(len);
        s.getBytes(from, to, buf, pos);
        pos += len;
        return;
      }
      int len = utf8Length(s, from, to);
      writeByteLength(len);
      ensure(len);
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[pos++] = (byte) c;
        } else if (c < 0x800) {
          buf[pos++] = (byte) (0xC0 | (c >>> 6));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < to
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[pos++] = (byte) (0xF0 | (cp >>> 18));
          buf[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
          buf[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          if (Character.isSurrogate(c)) {
            c = '\uFFFD'; // a lone surrogate becomes U+FFFD, as Node's Buffer.from does
          }
          buf[pos++] = (byte) (0xE0 | (c >>> 12));
          buf[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    /**
     * Writes {@code s[from, to)} (which contains {@code @}) as a JID, reading it the way Baileys'
     * {@code jidDecode} does: server = everything after the first {@code @}; the user part splits
     * at the first {@code :} into user and device, the user at the first {@code _} into user and
     * agent. Returns false, having written nothing, when the text would not survive as a JID (see
     * the class comment); the caller then writes it raw.
     */
    private boolean writeJid(String s, int from, int to) {
      int at = s.indexOf('@', from);
      int serverStart = at + 1;
      if (serverStart == to
          || s.indexOf('@', serverStart) >= 0 && s.indexOf('@', serverStart) < to) {
        return false; // empty server, or a second '@'
      }
      int colon = -1;
      int underscore = -1;
      for (int i = from; i < at; i++) {
        char c = s.charAt(i);
        if (c == ':') {
          if (colon >= 0) {
            return false; // a second ':' (Baileys ignores what follows it)
          }
          colon = i;
        } else if (c == '_' && colon < 0) {
          if (underscore >= 0) {
            return false;
          }
          underscore = i;
        }
      }
      int userEnd = underscore >= 0 ? underscore : colon >= 0 ? colon : at;
      boolean hasUser = userEnd > from;
      int device = -1;
      if (colon >= 0) {
        device = digits(s, colon + 1, at, 0xFFFF);
        if (device < 0) {
          return false;
        }
      }
      int agent = -1;
      if (underscore >= 0) {
        agent = digits(s, underscore + 1, colon >= 0 ? colon : at, 0xFF);
        if (agent < 0 || device < 0) {
          return false; // non-numeric agent, or an agent without a device
        }
      }
      if (!hasUser && (device >= 0 || agent >= 0)) {
        return false;
      }
      int kind = JidSyntax.serverKind(s, serverStart, to);
      switch (kind) {
        case JidSyntax.SERVER_WHATSAPP:
          if (device >= 0) {
            // Baileys 6.7 writes domain 0 and drops the agent; an agent that names no other
            // domain is kept as the domain byte (as current Baileys does).
            int domain = agent == 1 || agent == 128 || agent == 129 || agent < 0 ? 0 : agent;
            return writeAdJid(s, from, userEnd, domain, device);
          }
          break;
        case JidSyntax.SERVER_LID:
          if (agent >= 0) {
            return false;
          }
          if (device >= 0) {
            return writeAdJid(s, from, userEnd, 1, device);
          }
          break;
        case JidSyntax.SERVER_HOSTED:
        case JidSyntax.SERVER_HOSTED_LID:
          if (!hasUser || agent >= 0) {
            return false;
          }
          return writeAdJid(
              s, from, userEnd, kind == JidSyntax.SERVER_HOSTED ? 128 : 129, Math.max(device, 0));
        case JidSyntax.SERVER_MESSENGER:
          if (!hasUser || agent >= 0) {
            return false;
          }
          int fbDevice = Math.max(device, 0);
          put(FB_JID);
          writeRange(s, from, userEnd);
          put2(fbDevice >>> 8, fbDevice);
          writeRange(s, serverStart, to);
          return true;
        case JidSyntax.SERVER_INTEROP:
          return hasUser && agent < 0 && writeInteropJid(s, from, userEnd, Math.max(device, 0), to);
        default:
          if (device >= 0) {
            return false; // Baileys would write an AD_JID that decodes on s.whatsapp.net
          }
          break;
      }
      put(JID_PAIR);
      if (hasUser) {
        writeRange(s, from, userEnd);
      } else {
        put(LIST_EMPTY);
      }
      writeRange(s, serverStart, to);
      return true;
    }

    private boolean writeInteropJid(String s, int from, int userEnd, int device, int to) {
      int userStart = from;
      int integrator = 0;
      for (int i = from; i < userEnd; i++) {
        if (s.charAt(i) == '-') {
          int value = digits(s, from, i, 0xFFFF);
          if (value >= 0 && i + 1 < userEnd) {
            integrator = value;
            userStart = i + 1;
          }
          break;
        }
      }
      put(INTEROP_JID);
      writeRange(s, userStart, userEnd);
      ensure(4);
      buf[pos] = (byte) (device >>> 8);
      buf[pos + 1] = (byte) device;
      buf[pos + 2] = (byte) (integrator >>> 8);
      buf[pos + 3] = (byte) integrator;
      pos += 4;
      writeRange(s, to - JidSyntax.INTEROP.length(), to);
      return true;
    }

    private boolean writeAdJid(String s, int us, int ue, int domain, int device) {
      if (device > 0xFF) {
        return false;
      }
      ensure(3);
      buf[pos] = (byte) AD_JID;
      buf[pos + 1] = (byte) domain;
      buf[pos + 2] = (byte) device;
      pos += 3;
      writeRange(s, us, ue);
      return true;
    }
  }

  /** Decimal value of {@code s[from, to)} (1..5 digits, at most {@code max}), or -1. */
  private static int digits(String s, int from, int to, int max) {
    int len = to - from;
    if (len < 1 || len > 5) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }

  private static int packValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c == '-') {
      return 10;
    } else if (c == '.') {
      return 11;
    }
    return c - 'A' + 10;
  }

  private static int utf8Length(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
