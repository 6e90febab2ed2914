package dev.wagateway.core.internal.binary;

import dev.wagateway.core.GatewayException;
import java.util.Arrays;

/**
 * Writes nodes in the WABinary format (transport.md §5), byte-compatible with Baileys'
 * {@code encodeBinaryNode} for every node whose strings are tokens, packable, raw, or valid JIDs.
 *
 * <p>String rule, in order: dictionary token (including {@code ""} as byte {@code 00}); nibble
 * packed ({@code 0-9 - .}, 1..127 chars); hex packed ({@code 0-9 A-F}, upper case only, 1..127
 * chars); a JID when the text contains {@code @} and parses as one; else raw UTF-8 with a
 * BINARY_8/20/32 length. JIDs: {@code s.whatsapp.net}/{@code lid} with a {@code :device} part (even
 * {@code :0}, the Baileys quirk) or a raw agent use AD_JID; {@code hosted}/{@code hosted.lid}
 * always use AD_JID (domain 128/129); {@code msgr} uses FB_JID; {@code interop} uses INTEROP_JID;
 * others use JID_PAIR. A JID that cannot be written without losing a part (an agent the wire
 * cannot carry, a device above 255 in AD_JID, a device on a plain server) is written as a raw
 * string instead, so it still decodes to the same text.
 *
 * <p>Thread-safe: each call writes into a per-thread scratch buffer and returns an exact-size copy.
 */
public final class NodeEncoder<N> {
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
   * @throws GatewayException.ValidationException if the node cannot be encoded (nesting deeper
   *     than the limit, more than 65535 children or attributes, larger than the frame limit)
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
    JidSyntax jid;

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

    /** Writes {@code s[from, to)} as a JID if it is one that survives the wire; else false. */
    private boolean writeJid(String s, int from, int to) {
      JidSyntax p = jid;
      if (p == null) {
        p = jid = new JidSyntax();
      }
      if (!p.parse(s, from, to)) {
        return false;
      }
      int us = p.userStart();
      int ue = p.userEnd();
      int agent = p.agent();
      int device = p.device();
      boolean hasUser = ue > us;
      switch (p.serverKind()) {
        case JidSyntax.SERVER_WHATSAPP:
          if (agent == 1 || agent == 128 || agent == 129) {
            return false; // the byte would name another domain
          }
          if (p.explicitDevice() || agent != 0) {
            return hasUser && writeAdJid(s, us, ue, agent, device);
          }
          break;
        case JidSyntax.SERVER_LID:
          if (agent != 0) {
            return false;
          }
          if (p.explicitDevice()) {
            return hasUser && writeAdJid(s, us, ue, 1, device);
          }
          break;
        case JidSyntax.SERVER_HOSTED:
          return hasUser && agent == 0 && writeAdJid(s, us, ue, 128, device);
        case JidSyntax.SERVER_HOSTED_LID:
          return hasUser && agent == 0 && writeAdJid(s, us, ue, 129, device);
        case JidSyntax.SERVER_MESSENGER:
          if (!hasUser || agent != 0) {
            return false;
          }
          put(FB_JID);
          writeRange(s, us, ue);
          put2(device >>> 8, device);
          writeRange(s, p.serverStart(), p.serverEnd());
          return true;
        case JidSyntax.SERVER_INTEROP:
          if (!hasUser || agent != 0) {
            return false;
          }
          put(INTEROP_JID);
          writeRange(s, us, ue);
          int integrator = p.integrator();
          ensure(4);
          buf[pos] = (byte) (device >>> 8);
          buf[pos + 1] = (byte) device;
          buf[pos + 2] = (byte) (integrator >>> 8);
          buf[pos + 3] = (byte) integrator;
          pos += 4;
          writeRange(s, p.serverStart(), p.serverEnd());
          return true;
        default:
          if (agent != 0 || p.explicitDevice()) {
            return false;
          }
          break;
      }
      int serverStart = p.serverStart();
      int serverEnd = p.serverEnd();
      put(JID_PAIR);
      if (hasUser) {
        writeRange(s, us, ue);
      } else {
        put(LIST_EMPTY);
      }
      writeRange(s, serverStart, serverEnd);
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
