package dev.wagateway.core.wire;

import dev.wagateway.core.GatewayException;

/**
 * A WhatsApp address (docs/protocol/transport.md §6): user, raw agent, device, interop integrator
 * and server. Immutable value; equality covers all five parts.
 *
 * <p>Text forms accepted by {@link #parse(String)}:
 *
 * <ul>
 *   <li>{@code user@server} and {@code @server} (a bare server, e.g. {@code @s.whatsapp.net});
 *   <li>{@code user:device@server} ({@code :0} is accepted and means device 0);
 *   <li>{@code user_agent:device@server} (Baileys) and {@code user.agent:device@server}
 *       (whatsmeow), the agent being the raw AD_JID domain byte;
 *   <li>{@code integrator-user:device@interop}.
 * </ul>
 *
 * Users and servers are visible characters ({@code @} and {@code :} are separators; a user also
 * stops at {@code _} or {@code .}). A string without {@code @} is not a JID (as in Baileys). {@link
 * #toString()} writes the canonical form the node codec produces when it decodes a JID:
 * {@code @server}, {@code user@server}, {@code user:device@server}, {@code
 * user_agent:device@server}; a zero device or agent is left out, except that a JID with an agent
 * always shows its device (as whatsmeow does), and Messenger and interop JIDs always show the
 * device and interop JIDs the integrator, as Baileys renders them ({@code user:0@msgr}, {@code
 * 0-user:0@interop}). {@link #adString()} writes whatsmeow's full AD form.
 */
public final class Jid {
  public static final String WHATSAPP_SERVER = "s.whatsapp.net";
  public static final String GROUP_SERVER = "g.us";
  public static final String LEGACY_USER_SERVER = "c.us";
  public static final String BROADCAST_SERVER = "broadcast";
  public static final String LID_SERVER = "lid";
  public static final String MESSENGER_SERVER = "msgr";
  public static final String INTEROP_SERVER = "interop";
  public static final String NEWSLETTER_SERVER = "newsletter";
  public static final String HOSTED_SERVER = "hosted";
  public static final String HOSTED_LID_SERVER = "hosted.lid";
  public static final String BOT_SERVER = "bot";
  public static final String CALL_SERVER = "call";

  /** {@code @s.whatsapp.net}: the server itself, the {@code to} of most iqs. */
  public static final Jid SERVER = server(WHATSAPP_SERVER);

  /** {@code @g.us}. */
  public static final Jid GROUP_SERVER_JID = server(GROUP_SERVER);

  /** {@code status@broadcast}: status updates. */
  public static final Jid STATUS_BROADCAST = of("status", BROADCAST_SERVER);

  /** {@code 0@s.whatsapp.net}: public service announcements. */
  public static final Jid PSA = of("0", WHATSAPP_SERVER);

  /** {@code 16505361212@c.us}: the official business account. */
  public static final Jid OFFICIAL_BUSINESS = of("16505361212", LEGACY_USER_SERVER);

  private final String user;
  private final int agent;
  private final int device;
  private final int integrator;
  private final String server;

  private Jid(String user, int agent, int device, int integrator, String server) {
    this.user = user;
    this.agent = agent;
    this.device = device;
    this.integrator = integrator;
    this.server = server;
  }

  /**
   * Parses a JID in any of the text forms above.
   *
   * @throws GatewayException.ValidationException if {@code text} is null or not a JID
   */
  public static Jid parse(String text) {
    if (text == null) {
      throw new GatewayException.ValidationException("JID must not be null");
    }
    JidSyntax p = new JidSyntax();
    if (!p.parse(text)) {
      throw new GatewayException.ValidationException(
          "not a JID (" + p.error() + "): \"" + printable(text) + "\"");
    }
    return new Jid(
        text.substring(p.userStart(), p.userEnd()),
        p.agent(),
        p.device(),
        p.integrator(),
        text.substring(p.serverStart(), p.serverEnd()));
  }

  /** {@code user@server}. */
  public static Jid of(String user, String server) {
    return checked(user, 0, 0, 0, server);
  }

  /** {@code user:device@server}. */
  public static Jid of(String user, String server, int device) {
    return checked(user, 0, device, 0, server);
  }

  /** A bare server JID, written {@code @server}. */
  public static Jid server(String server) {
    return checked("", 0, 0, 0, server);
  }

  /** An interop user {@code integrator-user:device@interop}. */
  public static Jid interop(String user, int device, int integrator) {
    return checked(user, 0, device, integrator, INTEROP_SERVER);
  }

  private static Jid checked(String user, int agent, int device, int integrator, String server) {
    if (user == null || server == null) {
      throw new GatewayException.ValidationException("JID user and server must not be null");
    }
    if (agent < 0
        || agent > 0xFF
        || device < 0
        || device > 0xFFFF
        || integrator < 0
        || integrator > 0xFFFF) {
      throw new GatewayException.ValidationException(
          "JID agent must be 0..255, device and integrator 0..65535");
    }
    Jid jid = new Jid(user, agent, device, integrator, server);
    Jid reparsed;
    try {
      reparsed = parse(jid.toString());
    } catch (GatewayException.ValidationException e) {
      throw new GatewayException.ValidationException(
          "invalid JID parts: user \""
              + printable(user)
              + "\", server \""
              + printable(server)
              + "\"");
    }
    if (!reparsed.equals(jid)) {
      throw new GatewayException.ValidationException(
          "invalid JID parts: user \""
              + printable(user)
              + "\", server \""
              + printable(server)
              + "\"");
    }
    return jid;
  }

  /** The user part; empty for a bare server JID. */
  public String user() {
    return user;
  }

  /** The raw agent byte (non-zero only for AD_JID domains that are not a known server). */
  public int agent() {
    return agent;
  }

  /** The device id; 0 is the primary phone (and "no device"). */
  public int device() {
    return device;
  }

  /** The interop integrator id; 0 outside {@code @interop}. */
  public int integrator() {
    return integrator;
  }

  public String server() {
    return server;
  }

  /**
   * The AD_JID domain type: 0 for {@code s.whatsapp.net}, 1 for {@code lid}, 128 for {@code
   * hosted}, 129 for {@code hosted.lid}, otherwise the raw agent (whatsmeow's {@code ActualAgent}).
   */
  public int domainType() {
    switch (server) {
      case WHATSAPP_SERVER:
        return 0;
      case LID_SERVER:
        return 1;
      case HOSTED_SERVER:
        return 128;
      case HOSTED_LID_SERVER:
        return 129;
      default:
        return agent;
    }
  }

  /** A user or device address (phone number, LID, hosted, legacy, Messenger, interop or bot). */
  public boolean isUser() {
    if (user.isEmpty()) {
      return false;
    }
    switch (server) {
      case WHATSAPP_SERVER:
      case LID_SERVER:
      case HOSTED_SERVER:
      case HOSTED_LID_SERVER:
      case LEGACY_USER_SERVER:
      case MESSENGER_SERVER:
      case INTEROP_SERVER:
      case BOT_SERVER:
        return true;
      default:
        return false;
    }
  }

  public boolean isGroup() {
    return server.equals(GROUP_SERVER);
  }

  /** A LID user ({@code lid} or {@code hosted.lid}). */
  public boolean isLid() {
    return server.equals(LID_SERVER) || server.equals(HOSTED_LID_SERVER);
  }

  /** A broadcast list or the status broadcast. */
  public boolean isBroadcast() {
    return server.equals(BROADCAST_SERVER);
  }

  public boolean isStatusBroadcast() {
    return equals(STATUS_BROADCAST);
  }

  public boolean isNewsletter() {
    return server.equals(NEWSLETTER_SERVER);
  }

  /** A bare server JID such as {@code @s.whatsapp.net}. */
  public boolean isServer() {
    return user.isEmpty();
  }

  /** This JID without agent and device (whatsmeow's {@code ToNonAD}). */
  public Jid toNonAd() {
    return agent == 0 && device == 0 ? this : new Jid(user, 0, 0, integrator, server);
  }

  /**
   * The user-level JID as Baileys' {@code jidNormalizedUser} gives it: no agent or device, and
   * {@code c.us} replaced by {@code s.whatsapp.net}.
   */
  public Jid normalizedUser() {
    Jid nonAd = toNonAd();
    return server.equals(LEGACY_USER_SERVER)
        ? new Jid(user, 0, 0, integrator, WHATSAPP_SERVER)
        : nonAd;
  }

  /**
   * This JID with a raw agent (the AD_JID domain byte when it names no known server). Written
   * {@code user_agent} by {@link #toString()}.
   */
  public Jid withAgent(int agent) {
    if (agent < 0 || agent > 0xFF) {
      throw new GatewayException.ValidationException("JID agent must be 0..255: " + agent);
    }
    if (user.isEmpty()) {
      throw new GatewayException.ValidationException("a server JID has no agent");
    }
    return new Jid(user, agent, device, integrator, server);
  }

  /** This JID with another device. */
  public Jid withDevice(int device) {
    if (device < 0 || device > 0xFFFF) {
      throw new GatewayException.ValidationException("JID device must be 0..65535: " + device);
    }
    if (user.isEmpty()) {
      throw new GatewayException.ValidationException("a server JID has no device");
    }
    return new Jid(user, agent, device, integrator, server);
  }

  /**
   * The Signal address name (docs/protocol/messaging.md §1.10): the user, with {@code _domainType}
   * appended when the domain type is not 0, e.g. {@code 123456789012345_1} for a LID.
   */
  public String signalName() {
    int domain = domainType();
    return domain == 0 ? user : user + '_' + domain;
  }

  /**
   * The Signal address in whatsmeow's form {@code name:device} (docs/protocol/messaging.md §1.10),
   * e.g. {@code 15551234567:0} or {@code 123456789012345_1:3}. Baileys writes the same with a dot.
   */
  public String signalAddress() {
    return signalName() + ':' + device;
  }

  /** whatsmeow's full AD form {@code user.agent:device@server}, used for the group phash. */
  public String adString() {
    return user + '.' + agent + ':' + device + '@' + server;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Jid)) {
      return false;
    }
    Jid other = (Jid) o;
    return agent == other.agent
        && device == other.device
        && integrator == other.integrator
        && user.equals(other.user)
        && server.equals(other.server);
  }

  @Override
  public int hashCode() {
    return ((user.hashCode() * 31 + server.hashCode()) * 31 + device) * 31
        + (agent << 16 | integrator);
  }

  @Override
  public String toString() {
    if (user.isEmpty()) {
      return '@' + server;
    }
    StringBuilder sb = new StringBuilder(user.length() + server.length() + 12);
    boolean interop = server.equals(INTEROP_SERVER);
    if (interop) {
      sb.append(integrator).append('-');
    }
    sb.append(user);
    if (agent != 0) {
      sb.append('_').append(agent);
    }
    if (device != 0 || agent != 0 || interop || server.equals(MESSENGER_SERVER)) {
      sb.append(':').append(device);
    }
    return sb.append('@').append(server).toString();
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return sb.toString();
  }
}
