package dev.wagateway.core.wire;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * The WABinary token dictionaries (dictionary version 3, docs/protocol/transport.md §5.4), loaded
 * once from {@code /dev/wagateway/core/wire/wa-tokens.json}, with an allocation-free reverse
 * lookup.
 *
 * <p>A lookup answers a code: {@code 0..235} for a single-byte token (0 is the empty string), or
 * {@code ((dict + 1) << 8) | index} for a double-byte token, or {@code -1}.
 */
final class Tokens {
  static final int SINGLE_BYTE_COUNT = 236;
  static final int DOUBLE_BYTE_DICTS = 4;
  static final int DOUBLE_BYTE_SIZE = 256;

  /** Single-byte tokens by index; index 0 is {@code ""}. */
  static final String[] SINGLE;

  /** {@code "@" + SINGLE[i]}: the text of a server-only JID whose server is a token. */
  static final String[] AT_SINGLE;

  /** Double-byte tokens, [dictionary][index]. */
  static final String[][] DOUBLE;

  private static final String[] KEYS;
  private static final int[] CODES;
  private static final int MASK;

  static {
    List<Object> single = new ArrayList<>();
    List<List<Object>> dbl = new ArrayList<>();
    try (InputStream in =
        Tokens.class.getResourceAsStream("/dev/wagateway/core/wire/wa-tokens.json")) {
      if (in == null) {
        throw new IllegalStateException("token dictionary resource wa-tokens.json is missing");
      }
      Buffer buffer = new Buffer();
      buffer.readFrom(in);
      JsonReader reader = JsonReader.of(buffer);
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("singleByte")) {
          readStrings(reader, single);
        } else if (name.equals("doubleByte")) {
          reader.beginArray();
          while (reader.hasNext()) {
            List<Object> dict = new ArrayList<>();
            readStrings(reader, dict);
            dbl.add(dict);
          }
          reader.endArray();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token dictionary", e);
    }
    if (single.size() != SINGLE_BYTE_COUNT || dbl.size() != DOUBLE_BYTE_DICTS) {
      throw new IllegalStateException("token dictionary has an unexpected shape");
    }
    SINGLE = single.toArray(new String[0]);
    AT_SINGLE = new String[SINGLE.length];
    for (int i = 0; i < SINGLE.length; i++) {
      AT_SINGLE[i] = "@" + SINGLE[i];
    }
    DOUBLE = new String[DOUBLE_BYTE_DICTS][];
    for (int d = 0; d < DOUBLE_BYTE_DICTS; d++) {
      if (dbl.get(d).size() != DOUBLE_BYTE_SIZE) {
        throw new IllegalStateException(
            "double-byte dictionary " + d + " does not have 256 entries");
      }
      DOUBLE[d] = dbl.get(d).toArray(new String[0]);
    }
    int capacity =
        Integer.highestOneBit((SINGLE_BYTE_COUNT + DOUBLE_BYTE_DICTS * DOUBLE_BYTE_SIZE) * 4);
    KEYS = new String[capacity];
    CODES = new int[capacity];
    MASK = capacity - 1;
    for (int i = 0; i < SINGLE.length; i++) {
      put(SINGLE[i], i);
    }
    for (int d = 0; d < DOUBLE_BYTE_DICTS; d++) {
      for (int i = 0; i < DOUBLE_BYTE_SIZE; i++) {
        put(DOUBLE[d][i], ((d + 1) << 8) | i);
      }
    }
  }

  private Tokens() {}

  private static void readStrings(JsonReader reader, List<Object> out) throws IOException {
    reader.beginArray();
    while (reader.hasNext()) {
      out.add(reader.nextString().intern());
    }
    reader.endArray();
  }

  private static void put(String key, int code) {
    int slot = spread(key.hashCode()) & MASK;
    while (KEYS[slot] != null) {
      if (KEYS[slot].equals(key)) {
        throw new IllegalStateException("duplicate token in dictionary: " + key);
      }
      slot = (slot + 1) & MASK;
    }
    KEYS[slot] = key;
    CODES[slot] = code;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Token code of {@code s}, or -1. */
  static int lookup(String s) {
    int slot = spread(s.hashCode()) & MASK;
    String key;
    while ((key = KEYS[slot]) != null) {
      if (key.equals(s)) {
        return CODES[slot];
      }
      slot = (slot + 1) & MASK;
    }
    return -1;
  }

  /** Token code of {@code s.substring(from, to)} without creating the substring, or -1. */
  static int lookup(String s, int from, int to) {
    if (from == 0 && to == s.length()) {
      return lookup(s);
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int len = to - from;
    int slot = spread(h) & MASK;
    String key;
    while ((key = KEYS[slot]) != null) {
      if (key.length() == len && key.regionMatches(0, s, from, len)) {
        return CODES[slot];
      }
      slot = (slot + 1) & MASK;
    }
    return -1;
  }
}
