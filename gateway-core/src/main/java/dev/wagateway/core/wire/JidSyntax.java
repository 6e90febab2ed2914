package dev.wagateway.core.wire;

/**
 * Allocation-free parser for JID text (docs/protocol/transport.md §6.2) behind {@code Jid.parse}.
 * One instance holds the result of the last {@link #parse} call; it is not thread-safe (use one per
 * call). The node encoder reads JID text its own, Baileys-compatible way and only shares {@link
 * #serverKind}.
 *
 * <p>Accepted grammar:
 *
 * <pre>
 *   "@" server                                  server-only JID, e.g. "@s.whatsapp.net"
 *   user [ ("_" | ".") agent ] [ ":" device ] "@" server
 *   [ integrator "-" ] user [ ":" device ] "@interop"
 * </pre>
 *
 * A server is one or more visible characters other than {@code @} and {@code :}; a user one or more
 * visible characters other than {@code @ : _ .} (so {@code 491701234567}, {@code
 * 491701234567-1600000000} and {@code status} are users). For {@code interop}, a leading decimal
 * number followed by {@code -} is the integrator. The agent separator is Baileys' {@code _} or
 * whatsmeow's {@code .}; agent is 0..255, device and integrator 0..65535 (decimal, at most 5
 * digits). Whitespace and control characters are never part of a JID.
 */
final class JidSyntax {
  public static final int SERVER_WHATSAPP = 0;
  public static final int SERVER_LID = 1;
  public static final int SERVER_HOSTED = 2;
  public static final int SERVER_HOSTED_LID = 3;
  public static final int SERVER_MESSENGER = 4;
  public static final int SERVER_INTEROP = 5;
  public static final int SERVER_OTHER = 6;

  static final String INTEROP = "interop";

  private int userStart;
  private int userEnd;
  private int serverStart;
  private int serverEnd;
  private int serverKind;
  private int agent;
  private int device;
  private int integrator;
  private boolean explicitDevice;
  private String error;

  /** Parses {@code s}; false (with {@link #error()}) when it is not a JID. */
  public boolean parse(String s) {
    return parse(s, 0, s.length());
  }

  /** Parses {@code s[from, to)}; false (with {@link #error()}) when it is not a JID. */
  public boolean parse(String s, int from, int to) {
    agent = 0;
    device = 0;
    integrator = 0;
    explicitDevice = false;
    error = null;
    int at = -1;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '@') {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return fail("no '@'");
    }
    serverStart = at + 1;
    serverEnd = to;
    if (serverStart == serverEnd) {
      return fail("empty server");
    }
    for (int i = serverStart; i < serverEnd; i++) {
      char c = s.charAt(i);
      if (!visible(c) || c == ':' || c == '@') {
        return fail("invalid character in server");
      }
    }
    serverKind = serverKind(s, serverStart, serverEnd);
    if (at == from) {
      userStart = from;
      userEnd = from;
      return true;
    }
    int userPartEnd = at;
    int colon = -1;
    for (int i = from; i < at; i++) {
      if (s.charAt(i) == ':') {
        colon = i;
        break;
      }
    }
    if (colon >= 0) {
      device = number(s, colon + 1, at, 0xFFFF);
      if (device < 0) {
        return fail("invalid device");
      }
      explicitDevice = true;
      userPartEnd = colon;
    }
    int sep = -1;
    for (int i = from; i < userPartEnd; i++) {
      char c = s.charAt(i);
      if (c == '_' || c == '.') {
        sep = i;
        break;
      }
    }
    userStart = from;
    userEnd = userPartEnd;
    if (sep >= 0) {
      agent = number(s, sep + 1, userPartEnd, 0xFF);
      if (agent < 0) {
        return fail("invalid agent");
      }
      userEnd = sep;
    }
    if (serverKind == SERVER_INTEROP) {
      for (int i = userStart; i < userEnd; i++) {
        if (s.charAt(i) == '-') {
          int value = number(s, userStart, i, 0xFFFF);
          if (value >= 0) {
            integrator = value;
            userStart = i + 1;
          }
          break;
        }
      }
    }
    if (userStart == userEnd) {
      return fail("empty user");
    }
    for (int i = userStart; i < userEnd; i++) {
      char c = s.charAt(i);
      if (!visible(c) || c == ':' || c == '_' || c == '.') {
        return fail("invalid character in user");
      }
    }
    return true;
  }

  private boolean fail(String why) {
    error = why;
    return false;
  }

  private static boolean visible(char c) {
    return c > 0x20 && c != 0x7F && !Character.isWhitespace(c) && !Character.isISOControl(c);
  }

  /** Decimal value of {@code s[from, to)} (1..5 digits, at most {@code max}), or -1. */
  private static int number(String s, int from, int to, int max) {
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

  /** Classifies a server name. */
  public static int serverKind(String s, int from, int to) {
    int len = to - from;
    if (len == 14 && s.startsWith("s.whatsapp.net", from)) {
      return SERVER_WHATSAPP;
    } else if (len == 3 && s.startsWith("lid", from)) {
      return SERVER_LID;
    } else if (len == 6 && s.startsWith("hosted", from)) {
      return SERVER_HOSTED;
    } else if (len == 10 && s.startsWith("hosted.lid", from)) {
      return SERVER_HOSTED_LID;
    } else if (len == 4 && s.startsWith("msgr", from)) {
      return SERVER_MESSENGER;
    } else if (len == 7 && s.startsWith("interop", from)) {
      return SERVER_INTEROP;
    }
    return SERVER_OTHER;
  }

  /** Why the last {@link #parse} failed, or null. */
  public String error() {
    return error;
  }

  public int userStart() {
    return userStart;
  }

  public int userEnd() {
    return userEnd;
  }

  public int serverStart() {
    return serverStart;
  }

  public int serverEnd() {
    return serverEnd;
  }

  /** One of the {@code SERVER_*} constants. */
  public int serverKind() {
    return serverKind;
  }

  public int agent() {
    return agent;
  }

  public int device() {
    return device;
  }

  public int integrator() {
    return integrator;
  }

  /** True when the text had a {@code :device} part (even {@code :0}). */
  public boolean explicitDevice() {
    return explicitDevice;
  }
}
