package dev.wagateway.core.wire;

import dev.wagateway.core.wire.MalformedNodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads WABinary frame plaintexts (docs/protocol/transport.md §5): flag byte, optional zlib, one
 * node, nothing after it. Decodes what Baileys' {@code decodeBinaryNode} decodes, with the same
 * results, except that AD_JID domains 128/129 name {@code hosted}/{@code hosted.lid}
 * (docs/protocol/transport.md §5.6; Baileys 6.7 maps them to {@code s.whatsapp.net}/{@code lid})
 * and other domain bytes are kept as a raw agent ({@code user_agent:device@s.whatsapp.net}, device
 * always shown).
 *
 * <p>Every length is checked against the remaining input and the limits before anything is
 * allocated; nesting is bounded; inflation is bounded. Failures are {@link MalformedNodeException}
 * with the offset and reason. Thread-safe; every call has its own state.
 */
final class NodeDecoder<N> {
  /** The smallest encoded node: {@code F8 01 <token>}. */
  private static final int MIN_NODE_BYTES = 3;

  private static final byte[] NIBBLE_CHARS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '.', -1, -1, -1, 0
  };
  private static final byte[] HEX_CHARS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
  };
  private static final String[] EMPTY_ATTRIBUTES = new String[0];

  /** Per-thread buffer for unpacking NIBBLE_8/HEX_8 strings (at most 254 characters). */
  private static final ThreadLocal<byte[]> PACKED_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[2 * 0x7F]);

  private final NodeModel<N> model;
  private final int maxFrameBytes;
  private final int maxInflatedBytes;
  private final int maxDepth;
  private final int maxListSize;

  public NodeDecoder(
      NodeModel<N> model, int maxFrameBytes, int maxInflatedBytes, int maxDepth, int maxListSize) {
    this.model = model;
    this.maxFrameBytes = maxFrameBytes;
    this.maxInflatedBytes = maxInflatedBytes;
    this.maxDepth = maxDepth;
    this.maxListSize = maxListSize;
  }

  /** Decodes {@code frame[offset, offset + length)}, a frame plaintext starting with its flag. */
  public N decode(byte[] frame, int offset, int length) throws MalformedNodeException {
    if (length == 0) {
      throw new MalformedNodeException(Reason.TRUNCATED, 0, false, "empty frame, no flag byte");
    }
    if (length > maxFrameBytes) {
      throw new MalformedNodeException(
          Reason.FRAME_TOO_LARGE,
          0,
          false,
          "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    int flag = frame[offset] & 0xFF;
    Reader r;
    if ((flag & 0x02) != 0) {
      byte[] body = inflate(frame, offset + 1, length - 1);
      r = new Reader(body, 0, body.length, 0, true);
    } else {
      r = new Reader(frame, offset + 1, offset + length, offset, false);
    }
    N node = r.readNode(1);
    if (r.pos != r.end) {
      throw r.error(
          Reason.TRAILING_BYTES, r.pos, (r.end - r.pos) + " bytes left after the root node");
    }
    return node;
  }

  private byte[] inflate(byte[] frame, int from, int length) throws MalformedNodeException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(frame, from, length);
      int cap = (int) Math.min(maxInflatedBytes, Math.max(256L, (long) length * 4));
      byte[] out = new byte[cap];
      int total = 0;
      int stalls = 0;
      while (!inflater.finished()) {
        if (total == out.length) {
          if (out.length >= maxInflatedBytes) {
            if (inflater.inflate(new byte[1]) > 0) {
              throw new MalformedNodeException(
                  Reason.ZIP_BOMB,
                  1 + (int) inflater.getBytesRead(),
                  false,
                  "zlib body inflates beyond the limit of " + maxInflatedBytes + " bytes");
            }
            if (inflater.finished()) {
              break;
            }
            throw truncatedZlib(inflater);
          }
          out = Arrays.copyOf(out, (int) Math.min(maxInflatedBytes, (long) out.length * 2));
        }
        int n = inflater.inflate(out, total, out.length - total);
        if (n == 0) {
          if (inflater.needsDictionary()) {
            throw new MalformedNodeException(
                Reason.BAD_ZLIB, 1, false, "zlib body asks for a preset dictionary");
          }
          if (inflater.needsInput()) {
            throw truncatedZlib(inflater);
          }
          if (++stalls > 16) {
            throw truncatedZlib(inflater);
          }
        } else {
          stalls = 0;
        }
        total += n;
      }
      return total == out.length ? out : Arrays.copyOf(out, total);
    } catch (DataFormatException e) {
      throw new MalformedNodeException(
          Reason.BAD_ZLIB,
          1 + (int) inflater.getBytesRead(),
          false,
          "invalid zlib body: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static MalformedNodeException truncatedZlib(Inflater inflater) {
    return new MalformedNodeException(
        Reason.BAD_ZLIB, 1 + (int) inflater.getBytesRead(), false, "zlib body ends early");
  }

  private final class Reader {
    final byte[] b;
    int pos;
    final int end;
    final int base;
    final boolean inflated;
    byte[] scratch;

    Reader(byte[] b, int pos, int end, int base, boolean inflated) {
      this.b = b;
      this.pos = pos;
      this.end = end;
      this.base = base;
      this.inflated = inflated;
    }

    MalformedNodeException error(Reason reason, int at, String detail) {
      return new MalformedNodeException(reason, at - base, inflated, detail);
    }

    private int readByte() throws MalformedNodeException {
      if (pos >= end) {
        throw error(Reason.TRUNCATED, pos, "input ends early");
      }
      return b[pos++] & 0xFF;
    }

    private int readInt(int n) throws MalformedNodeException {
      if (end - pos < n) {
        throw error(Reason.TRUNCATED, pos, "input ends inside a " + n + "-byte integer");
      }
      int v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    private int readLength(int tag) throws MalformedNodeException {
      int at = pos;
      int len;
      if (tag == NodeEncoder.BINARY_8) {
        len = readByte();
      } else if (tag == NodeEncoder.BINARY_20) {
        len = readInt(3) & 0xFFFFF;
      } else {
        len = readInt(4);
      }
      if (len < 0 || len > end - pos) {
        throw error(
            Reason.LENGTH_OUT_OF_RANGE,
            at,
            "length "
                + Integer.toUnsignedString(len)
                + " exceeds the "
                + (end - pos)
                + " bytes left");
      }
      return len;
    }

    private int readListSize(int tag, int at) throws MalformedNodeException {
      if (tag == NodeEncoder.LIST_8) {
        return readByte();
      } else if (tag == NodeEncoder.LIST_16) {
        return readInt(2);
      } else if (tag == NodeEncoder.LIST_EMPTY) {
        return 0;
      }
      throw error(Reason.INVALID_TAG, at, "expected a list, found tag " + tag);
    }

    N readNode(int depth) throws MalformedNodeException {
      int start = pos;
      if (depth > maxDepth) {
        throw error(Reason.TOO_DEEP, start, "nodes nested deeper than " + maxDepth + " levels");
      }
      int size = readListSize(readByte(), start);
      if (size == 0) {
        throw error(Reason.INVALID_NODE, start, "node with an empty list header");
      }
      String tag = readString(readByte());
      if (tag.isEmpty()) {
        throw error(Reason.INVALID_NODE, start, "node with an empty tag");
      }
      int attrCount = (size - 1) >>> 1;
      String[] attrs = EMPTY_ATTRIBUTES;
      if (attrCount > 0) {
        if (attrCount * 2 > end - pos) {
          throw error(
              Reason.LENGTH_OUT_OF_RANGE,
              start,
              attrCount + " attributes cannot fit in the " + (end - pos) + " bytes left");
        }
        attrs = new String[attrCount * 2];
        for (int i = 0; i < attrs.length; i++) {
          attrs[i] = readString(readByte());
        }
        if (attrCount > 1) {
          attrs = dedupe(attrs);
        }
      }
      Object content = null;
      if ((size & 1) == 0) {
        content = readContent(depth);
      }
      return model.create(tag, attrs, content);
    }

    private Object readContent(int depth) throws MalformedNodeException {
      int at = pos;
      int tag = readByte();
      switch (tag) {
        case NodeEncoder.LIST_EMPTY:
          return model.newArray(0);
        case NodeEncoder.LIST_8:
        case NodeEncoder.LIST_16:
          int size = readListSize(tag, at);
          if (size > maxListSize) {
            throw error(
                Reason.LIST_TOO_LARGE,
                at,
                "list of " + size + " exceeds the limit of " + maxListSize);
          }
          if ((long) size * MIN_NODE_BYTES > end - pos) {
            throw error(
                Reason.LENGTH_OUT_OF_RANGE,
                at,
                "list of " + size + " nodes cannot fit in the " + (end - pos) + " bytes left");
          }
          N[] children = model.newArray(size);
          for (int i = 0; i < size; i++) {
            children[i] = readNode(depth + 1);
          }
          return children;
        case NodeEncoder.BINARY_8:
        case NodeEncoder.BINARY_20:
        case NodeEncoder.BINARY_32:
          int len = readLength(tag);
          byte[] bytes = Arrays.copyOfRange(b, pos, pos + len);
          pos += len;
          return bytes;
        default:
          return readString(tag);
      }
    }

    String readString(int tag) throws MalformedNodeException {
      if (tag >= 1 && tag < Tokens.SINGLE_BYTE_COUNT) {
        return Tokens.SINGLE[tag];
      }
      switch (tag) {
        case NodeEncoder.LIST_EMPTY:
          return "";
        case NodeEncoder.DICTIONARY_0:
        case NodeEncoder.DICTIONARY_0 + 1:
        case NodeEncoder.DICTIONARY_0 + 2:
        case NodeEncoder.DICTIONARY_0 + 3:
          return Tokens.DOUBLE[tag - NodeEncoder.DICTIONARY_0][readByte()];
        case NodeEncoder.BINARY_8:
        case NodeEncoder.BINARY_20:
        case NodeEncoder.BINARY_32:
          int len = readLength(tag);
          String s = new String(b, pos, len, StandardCharsets.UTF_8);
          pos += len;
          return s;
        case NodeEncoder.NIBBLE_8:
          return readPacked(NIBBLE_CHARS);
        case NodeEncoder.HEX_8:
          return readPacked(HEX_CHARS);
        case NodeEncoder.JID_PAIR:
          return readJidPair();
        case NodeEncoder.AD_JID:
          return readAdJid();
        case NodeEncoder.FB_JID:
          return readFbJid();
        case NodeEncoder.INTEROP_JID:
          return readInteropJid();
        default:
          throw error(Reason.INVALID_TAG, pos - 1, "invalid string tag " + tag);
      }
    }

    private String readPacked(byte[] alphabet) throws MalformedNodeException {
      int at = pos;
      int head = readByte();
      int n = head & 0x7F;
      if (n > end - pos) {
        throw error(
            Reason.LENGTH_OUT_OF_RANGE,
            at,
            "packed length " + n + " exceeds the " + (end - pos) + " bytes left");
      }
      if (n == 0) {
        return "";
      }
      byte[] out = scratch;
      if (out == null) {
        out = scratch = PACKED_SCRATCH.get();
      }
      int o = 0;
      for (int i = 0; i < n; i++) {
        int v = b[pos + i];
        byte hi = alphabet[(v >>> 4) & 0x0F];
        byte lo = alphabet[v & 0x0F];
        if (hi < 0 || lo < 0) {
          throw error(Reason.INVALID_PACKED, pos + i, "invalid nibble in packed string");
        }
        out[o] = hi;
        out[o + 1] = lo;
        o += 2;
      }
      pos += n;
      if ((head & 0x80) != 0) {
        o--;
      }
      return new String(out, 0, o, StandardCharsets.ISO_8859_1);
    }

    /** A user or server inside a JID: any plain string form, never another JID or a list. */
    private String readJidPart(int tag, int at) throws MalformedNodeException {
      switch (tag) {
        case NodeEncoder.JID_PAIR:
        case NodeEncoder.AD_JID:
        case NodeEncoder.FB_JID:
        case NodeEncoder.INTEROP_JID:
          throw error(Reason.INVALID_JID, at, "JID nested inside a JID");
        default:
          return readString(tag);
      }
    }

    private String readNonEmptyPart(String what) throws MalformedNodeException {
      int at = pos;
      String s = readJidPart(readByte(), at);
      if (s.isEmpty()) {
        throw error(Reason.INVALID_JID, at, "JID with an empty " + what);
      }
      return s;
    }

    private String readJidPair() throws MalformedNodeException {
      int at = pos;
      int userTag = readByte();
      if (userTag == NodeEncoder.LIST_EMPTY && pos < end) {
        int serverTag = b[pos] & 0xFF;
        if (serverTag >= 1 && serverTag < Tokens.SINGLE_BYTE_COUNT) {
          pos++;
          return Tokens.AT_SINGLE[serverTag]; // "@s.whatsapp.net", "@g.us", ... without allocating
        }
      }
      String user = userTag == NodeEncoder.LIST_EMPTY ? "" : readJidPart(userTag, at);
      String server = readNonEmptyPart("server");
      return user + '@' + server;
    }

    private String readAdJid() throws MalformedNodeException {
      int domain = readByte();
      int device = readByte();
      String user = readNonEmptyPart("user");
      String server;
      int agent = 0;
      switch (domain) {
        case 0:
          server = "s.whatsapp.net";
          break;
        case 1:
          server = "lid";
          break;
        case 128:
          server = "hosted";
          break;
        case 129:
          server = "hosted.lid";
          break;
        default:
          server = "s.whatsapp.net";
          agent = domain;
          break;
      }
      if (agent != 0) {
        return user + '_' + agent + ':' + device + '@' + server;
      }
      return device != 0 ? user + ':' + device + '@' + server : user + '@' + server;
    }

    private String readFbJid() throws MalformedNodeException {
      String user = readNonEmptyPart("user");
      int device = readInt(2);
      int at = pos;
      String server = readNonEmptyPart("server");
      if (!server.equals("msgr")) {
        throw error(Reason.INVALID_JID, at, "FB_JID server must be msgr");
      }
      return user + ':' + device + "@msgr";
    }

    private String readInteropJid() throws MalformedNodeException {
      String user = readNonEmptyPart("user");
      int device = readInt(2);
      int integrator = readInt(2);
      int at = pos;
      String server = readNonEmptyPart("server");
      if (!server.equals("interop")) {
        throw error(Reason.INVALID_JID, at, "INTEROP_JID server must be interop");
      }
      return integrator + "-" + user + ':' + device + "@interop";
    }
  }

  /**
   * Keeps the first position and the last value of a repeated key, as Baileys' attribute object
   * does. Returns the input when keys are already unique (the normal case).
   */
  private static String[] dedupe(String[] kv) {
    int n = kv.length >>> 1;
    boolean dup = false;
    if (n <= 16) {
      outer:
      for (int i = 1; i < n; i++) {
        for (int j = 0; j < i; j++) {
          if (kv[2 * i].equals(kv[2 * j])) {
            dup = true;
            break outer;
          }
        }
      }
      if (!dup) {
        return kv;
      }
    }
    Map<String, Integer> first = new HashMap<>(n * 2);
    String[] out = new String[kv.length];
    int o = 0;
    for (int i = 0; i < n; i++) {
      String key = kv[2 * i];
      Integer seen = first.putIfAbsent(key, o);
      if (seen == null) {
        out[o] = key;
        out[o + 1] = kv[2 * i + 1];
        o += 2;
      } else {
        out[seen + 1] = kv[2 * i + 1];
      }
    }
    return o == out.length ? out : Arrays.copyOf(out, o);
  }
}
