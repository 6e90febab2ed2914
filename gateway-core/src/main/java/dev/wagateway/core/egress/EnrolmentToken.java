package dev.wagateway.core.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies the short-lived tokens an egress node (the Android agent) presents when it
 * enrols with the gateway. A token binds a node id and an org id to an expiry, carries a random
 * nonce, and is authenticated with HMAC-SHA256 under a key named by a key id, so keys can rotate
 * (see {@link EnrolmentTokenKeys}). Tokens are self-contained: they are never persisted.
 *
 * <p>Wire format (all integers big-endian), then URL-safe base64 without padding:
 *
 * <pre>
 *   version      1 byte   = 1
 *   keyIdLength  1 byte   (1..16), keyId ASCII
 *   nodeIdLength 1 byte   (1..255), nodeId UTF-8
 *   orgIdLength  1 byte   (1..255), orgId UTF-8
 *   expiresAt    8 bytes  seconds since the epoch
 *   nonce        16 bytes random
 *   mac          32 bytes HMAC-SHA256(key[keyId], every byte above)
 * </pre>
 *
 * <p>Verification order: structure and canonical encoding, key id, MAC (constant-time), expiry,
 * revocation. So a token whose expiry or node id was edited is {@code token_invalid}, not expired
 * or revoked.
 */
public final class EnrolmentToken {
  /** The longest lifetime {@link #issue} accepts. */
  public static final Duration MAX_TTL = Duration.ofHours(24);

  static final int VERSION = 1;
  static final int NONCE_BYTES = 16;
  static final int MAC_BYTES = 32;

  /** Longest possible token string: bounds the work done on hostile input. */
  static final int MAX_TOKEN_CHARS = 800;

  private final EnrolmentTokenKeys keys;
  private final Clock clock;
  private final SecureRandom random;

  public EnrolmentToken(EnrolmentTokenKeys keys, Clock clock, SecureRandom random) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** With the system UTC clock and a new {@link SecureRandom}. */
  public EnrolmentToken(EnrolmentTokenKeys keys) {
    this(keys, Clock.systemUTC(), new SecureRandom());
  }

  /** The same issuer with another keyring (after a rotation). */
  public EnrolmentToken withKeys(EnrolmentTokenKeys newKeys) {
    return new EnrolmentToken(newKeys, clock, random);
  }

  /**
   * Issues a token for {@code nodeId} in {@code orgId} valid for {@code ttl} (whole seconds, 1
   * second to {@link #MAX_TTL}), signed with the current key.
   */
  public Issued issue(String nodeId, String orgId, Duration ttl) {
    byte[] node = idBytes("nodeId", nodeId);
    byte[] org = idBytes("orgId", orgId);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new ValidationException("enrolment token ttl must be between 1s and " + MAX_TTL);
    }
    Instant expiresAt = Instant.ofEpochSecond(clock.instant().getEpochSecond() + ttl.toSeconds());
    byte[] keyId = keys.currentKeyId().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);

    ByteBuffer payload =
        ByteBuffer.allocate(4 + keyId.length + node.length + org.length + 8 + NONCE_BYTES);
    payload.put((byte) VERSION);
    payload.put((byte) keyId.length).put(keyId);
    payload.put((byte) node.length).put(node);
    payload.put((byte) org.length).put(org);
    payload.putLong(expiresAt.getEpochSecond());
    payload.put(nonce);
    byte[] body = payload.array();
    byte[] mac = hmac(keys.currentKey(), body);

    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac, 0, token, body.length, MAC_BYTES);
    return new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(token), expiresAt);
  }

  /**
   * Verifies {@code token} and returns its claims.
   *
   * @param isRevoked tells whether a node id has been revoked
   * @throws EnrolmentTokenException {@code token_invalid}, {@code token_expired} or {@code
   *     node_revoked}
   */
  public Claims verify(String token, Predicate<String> isRevoked) {
    Objects.requireNonNull(isRevoked, "isRevoked");
    byte[] raw = decode(token);
    Parsed parsed = Parsed.of(raw);
    byte[] key =
        keys.key(parsed.keyId)
            .orElseThrow(
                () ->
                    EnrolmentTokenException.invalid("enrolment token signed with an unknown key"));
    byte[] expected = hmac(key, Arrays.copyOf(raw, parsed.bodyLength));
    byte[] actual = Arrays.copyOfRange(raw, parsed.bodyLength, raw.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw EnrolmentTokenException.invalid("enrolment token MAC does not match");
    }
    Instant expiresAt = Instant.ofEpochSecond(parsed.expiresAtSeconds);
    if (!clock.instant().isBefore(expiresAt)) {
      throw EnrolmentTokenException.expired("enrolment token expired at " + expiresAt);
    }
    if (isRevoked.test(parsed.nodeId)) {
      throw EnrolmentTokenException.revoked("egress node " + parsed.nodeId + " is revoked");
    }
    return new Claims(
        parsed.keyId,
        parsed.nodeId,
        parsed.orgId,
        expiresAt,
        Base64.getUrlEncoder().withoutPadding().encodeToString(parsed.nonce));
  }

  private static byte[] decode(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw EnrolmentTokenException.invalid("enrolment token is malformed");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw EnrolmentTokenException.invalid("enrolment token is malformed");
    }
    // Only the canonical encoding is accepted, so every character of a token is significant.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(token)) {
      throw EnrolmentTokenException.invalid("enrolment token is malformed");
    }
    return raw;
  }

  private static byte[] idBytes(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new ValidationException(name + " must not be empty");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new ValidationException(name + " must be at most 255 UTF-8 bytes");
    }
    return bytes;
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A freshly issued token. {@link #toString()} does not reveal the token. */
  public record Issued(String token, Instant expiresAt) {
    public Issued {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "Issued[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * What a valid token says. {@code nonce} is the token's random nonce (URL-safe base64), for a
   * caller that wants to make tokens single-use.
   */
  public record Claims(
      String keyId, String nodeId, String orgId, Instant expiresAt, String nonce) {}

  /** The structural parse of a decoded token; every length is checked against the input. */
  private static final class Parsed {
    final String keyId;
    final String nodeId;
    final String orgId;
    final long expiresAtSeconds;
    final byte[] nonce;
    final int bodyLength;

    private Parsed(
        String keyId,
        String nodeId,
        String orgId,
        long expiresAtSeconds,
        byte[] nonce,
        int bodyLength) {
      this.keyId = keyId;
      this.nodeId = nodeId;
      this.orgId = orgId;
      this.expiresAtSeconds = expiresAtSeconds;
      this.nonce = nonce;
      this.bodyLength = bodyLength;
    }

    static Parsed of(byte[] raw) {
      ByteBuffer in = ByteBuffer.wrap(raw);
      if (in.remaining() < 1 || (in.get() & 0xff) != VERSION) {
        throw EnrolmentTokenException.invalid("enrolment token has an unknown version");
      }
      String keyId = new String(field(in, 16), StandardCharsets.US_ASCII);
      if (!EnrolmentTokenKeys.isValidKeyId(keyId)) {
        throw EnrolmentTokenException.invalid("enrolment token is malformed");
      }
      String nodeId = utf8(field(in, 255));
      String orgId = utf8(field(in, 255));
      if (in.remaining() != 8 + NONCE_BYTES + MAC_BYTES) {
        throw EnrolmentTokenException.invalid("enrolment token is malformed");
      }
      long expires = in.getLong();
      byte[] nonce = new byte[NONCE_BYTES];
      in.get(nonce);
      return new Parsed(keyId, nodeId, orgId, expires, nonce, in.position());
    }

    private static byte[] field(ByteBuffer in, int maxLength) {
      if (in.remaining() < 1) {
        throw EnrolmentTokenException.invalid("enrolment token is malformed");
      }
      int length = in.get() & 0xff;
      if (length == 0 || length > maxLength || in.remaining() < length) {
        throw EnrolmentTokenException.invalid("enrolment token is malformed");
      }
      byte[] out = new byte[length];
      in.get(out);
      return out;
    }

    private static String utf8(byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw EnrolmentTokenException.invalid("enrolment token is malformed");
      }
    }
  }
}
