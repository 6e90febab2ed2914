package dev.wagateway.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import dev.wagateway.client.model.Event;
import dev.wagateway.client.model.ModelAdapters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receiving the server's webhooks: {@link #verify} checks a delivery's Standard Webhooks signature
 * and timestamp, {@link #parseEvent} turns its body into the typed {@link Event}.
 *
 * <pre>{@code
 * Webhooks.verify(secret, headers, body);        // throws when forged, altered or stale
 * Event event = Webhooks.parseEvent(body);
 * if (event instanceof MessageReceivedEvent m) { ... }
 * }</pre>
 *
 * Deliveries are at least once: drop repeats by the {@code webhook-id} header.
 */
public final class Webhooks {
  /** How far a delivery's timestamp may be from now (either way), as the specification suggests. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final JsonAdapter<Event> EVENTS =
      new Moshi.Builder().add(ModelAdapters.factory()).build().adapter(Event.class);

  private Webhooks() {}

  /**
   * Verifies a delivery against {@code secret} (the {@code whsec_...} string) at the current time
   * with {@link #DEFAULT_TOLERANCE}.
   *
   * @param headers the request headers; names are matched ignoring case
   * @param body the raw request body, exactly as received
   * @throws VerificationException when a header is missing, the timestamp is outside the tolerance,
   *     or no {@code v1} signature matches
   */
  public static void verify(String secret, Map<String, String> headers, byte[] body) {
    verify(secret, headers, body, Instant.now(), DEFAULT_TOLERANCE);
  }

  /** {@link #verify(String, Map, byte[])} at {@code now} with {@code tolerance}. */
  public static void verify(
      String secret, Map<String, String> headers, byte[] body, Instant now, Duration tolerance) {
    String id = header(headers, "webhook-id");
    String rawTimestamp = header(headers, "webhook-timestamp");
    String signatures = header(headers, "webhook-signature");
    long timestamp;
    try {
      timestamp = Long.parseLong(rawTimestamp.strip());
    } catch (NumberFormatException e) {
      throw new VerificationException("webhook-timestamp is not a number of seconds");
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      throw new VerificationException("webhook-timestamp is outside the tolerance");
    }
    byte[] expected = sign(key(secret), id, timestamp, body);
    for (String entry : signatures.strip().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new VerificationException("no webhook-signature matches");
  }

  /**
   * The typed event of a delivery body (the same JSON as the event stream's).
   *
   * @throws WagatewayException when the body is not an event this SDK version knows
   */
  public static Event parseEvent(byte[] body) {
    String json = new String(body, StandardCharsets.UTF_8);
    try {
      Event event = EVENTS.fromJson(json);
      if (event == null) {
        throw new WagatewayException("the webhook body is null, not an event");
      }
      return event;
    } catch (JsonDataException | JsonEncodingException e) {
      throw new WagatewayException("the webhook body is not a known event: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new WagatewayException("could not read the webhook body", e);
    }
  }

  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && h.getValue() != null) {
        return h.getValue();
      }
    }
    throw new VerificationException(name + " header is missing");
  }

  private static byte[] key(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(encoded);
      } catch (IllegalArgumentException again) {
        throw new IllegalArgumentException("the secret is not a whsec_ base64 secret");
      }
    }
  }

  private static byte[] sign(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** A delivery that does not verify: forged, altered, replayed late, or missing headers. */
  public static final class VerificationException extends WagatewayException {
    private static final long serialVersionUID = 1L;

    VerificationException(String message) {
      super(message);
    }
  }
}
