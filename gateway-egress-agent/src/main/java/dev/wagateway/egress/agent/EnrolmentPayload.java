package dev.wagateway.egress.agent;

import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * What an egress node needs to enrol (docs/egress-tunnel.md §3.1): the enrolment token, the
 * gateway's base URL, the tunnel's WebSocket path and the token's expiry. It travels either as the
 * JSON object the API returns (its {@code pairing} field), {@code
 * {"token":..,"gatewayUrl":..,"wsPath":..,"expiresAt":..}}, or as the string the enrolment QR code
 * encodes, {@code wagateway-egress:1:<base64url(that JSON)>}. {@link #toString()} hides the token.
 */
public final class EnrolmentPayload {
  /** Prefix of the QR string, followed by the format version and a colon. */
  public static final String QR_PREFIX = "wagateway-egress:";

  /** The QR format version this code writes and reads. */
  public static final int QR_VERSION = 1;

  /** The default WebSocket path of the tunnel endpoint. */
  public static final String DEFAULT_WS_PATH = "/egress/agent";

  private static final int MAX_PAYLOAD_CHARS = 8192;

  private final String token;
  private final String gatewayUrl;
  private final String wsPath;
  private final Instant expiresAt;

  public EnrolmentPayload(String token, String gatewayUrl, String wsPath, Instant expiresAt) {
    this.token = require("token", token);
    this.gatewayUrl = checkUrl(require("gatewayUrl", gatewayUrl));
    this.wsPath = checkPath(require("wsPath", wsPath));
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public String token() {
    return token;
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public String wsPath() {
    return wsPath;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The URL the agent dials: the gateway URL (without a trailing slash) followed by the path. */
  public String webSocketUrl() {
    String base =
        gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    return base + wsPath;
  }

  /**
   * Parses either form: a JSON object (as the API returns it) or a {@code wagateway-egress:1:} QR
   * string. Surrounding white space is ignored.
   *
   * @throws InvalidEnrolmentException when the payload is neither, or a field is missing or bad
   */
  public static EnrolmentPayload parse(String payload) {
    if (payload == null) {
      throw new InvalidEnrolmentException("enrolment payload is empty");
    }
    String text = payload.trim();
    if (text.isEmpty() || text.length() > MAX_PAYLOAD_CHARS) {
      throw new InvalidEnrolmentException("enrolment payload is empty or too long");
    }
    if (text.startsWith("{")) {
      return fromJson(text);
    }
    if (!text.startsWith(QR_PREFIX)) {
      throw new InvalidEnrolmentException(
          "enrolment payload is neither a JSON object nor a " + QR_PREFIX + " string");
    }
    String rest = text.substring(QR_PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon < 0 || !rest.substring(0, colon).equals(Integer.toString(QR_VERSION))) {
      throw new InvalidEnrolmentException("enrolment QR string has an unsupported version");
    }
    byte[] json;
    try {
      json = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidEnrolmentException("enrolment QR string is not valid base64url");
    }
    return fromJson(new String(json, StandardCharsets.UTF_8));
  }

  private static EnrolmentPayload fromJson(String text) {
    try {
      Json.Obj o = Json.parseObject(text);
      Instant expires;
      try {
        expires = Instant.parse(o.string("expiresAt"));
      } catch (DateTimeParseException e) {
        throw new InvalidEnrolmentException(
            "enrolment payload expiresAt is not an ISO-8601 instant");
      }
      String path = o.optString("wsPath");
      return new EnrolmentPayload(
          o.string("token"),
          o.string("gatewayUrl"),
          path == null ? DEFAULT_WS_PATH : path,
          expires);
    } catch (TunnelProtocolException e) {
      throw new InvalidEnrolmentException("enrolment payload: " + e.getMessage());
    }
  }

  /** The JSON object, as the API returns it. */
  public String toJson() {
    return new Json.Obj()
        .put("token", token)
        .put("gatewayUrl", gatewayUrl)
        .put("wsPath", wsPath)
        .put("expiresAt", expiresAt.toString())
        .toString();
  }

  /** The string the enrolment QR code encodes: {@code wagateway-egress:1:<base64url(JSON)>}. */
  public String toQrString() {
    return QR_PREFIX
        + QR_VERSION
        + ":"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(toJson().getBytes(StandardCharsets.UTF_8));
  }

  private static String require(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidEnrolmentException("enrolment payload has no " + name);
    }
    return value;
  }

  private static String checkUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("https://")
        || lower.startsWith("http://")
        || lower.startsWith("wss://")
        || lower.startsWith("ws://"))) {
      throw new InvalidEnrolmentException("enrolment gatewayUrl must be an https:// or wss:// URL");
    }
    return url;
  }

  private static String checkPath(String path) {
    if (!path.startsWith("/")) {
      throw new InvalidEnrolmentException("enrolment wsPath must start with /");
    }
    return path;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EnrolmentPayload)) {
      return false;
    }
    EnrolmentPayload p = (EnrolmentPayload) o;
    return token.equals(p.token)
        && gatewayUrl.equals(p.gatewayUrl)
        && wsPath.equals(p.wsPath)
        && expiresAt.equals(p.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, gatewayUrl, wsPath, expiresAt);
  }

  @Override
  public String toString() {
    return "EnrolmentPayload[token=<redacted>, gatewayUrl="
        + gatewayUrl
        + ", wsPath="
        + wsPath
        + ", expiresAt="
        + expiresAt
        + "]";
  }

  /** A enrolment payload that can't be used. The message never contains the token. */
  public static final class InvalidEnrolmentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEnrolmentException(String message) {
      super(message);
    }
  }
}
