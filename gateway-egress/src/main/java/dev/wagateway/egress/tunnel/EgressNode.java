package dev.wagateway.egress.tunnel;

import java.time.Instant;
import java.util.Objects;

/**
 * An Android egress node as the gateway stores it. Enrolment tokens are never part of it; the
 * device key is the node's EC P-256 public key (base64url SubjectPublicKeyInfo), null until the
 * agent first enrols.
 *
 * @param expectedCountry the country of the sender's number (ISO alpha-2, lower case), or null;
 *     when set, an agent reporting another {@code exitCountry} is not used
 * @param exitIp the tunnel's source address as the gateway sees it
 * @param exitCountry the country the agent reports (lower case), or null
 * @param net {@code wifi}, {@code cell} or {@code other} (null before the first report)
 */
public record EgressNode(
    String id,
    String orgId,
    String senderId,
    String label,
    Status status,
    Instant createdAt,
    Instant lastSeenAt,
    String exitIp,
    String exitCountry,
    String expectedCountry,
    String net,
    String deviceKey,
    Instant revokedAt) {

  /** Longest label, in characters. */
  public static final int MAX_LABEL = 100;

  public EgressNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * pending (created or re-issued, never connected) → online (tunnel live) → offline (dropped); or
   * revoked.
   */
  public enum Status {
    PENDING,
    ONLINE,
    OFFLINE,
    REVOKED;

    /** The API spelling: lower case. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** True when the agent's reported country contradicts the number's country. */
  public boolean countryMismatch() {
    return expectedCountry != null && exitCountry != null && !expectedCountry.equals(exitCountry);
  }

  EgressNode withStatus(Status s, Instant seen) {
    return new EgressNode(
        id,
        orgId,
        senderId,
        label,
        s,
        createdAt,
        seen,
        exitIp,
        exitCountry,
        expectedCountry,
        net,
        deviceKey,
        revokedAt);
  }

  EgressNode withExit(String ip, String country, String network, Instant seen) {
    return new EgressNode(
        id,
        orgId,
        senderId,
        label,
        status,
        createdAt,
        seen,
        ip,
        country,
        expectedCountry,
        network,
        deviceKey,
        revokedAt);
  }

  EgressNode withDeviceKey(String key) {
    return new EgressNode(
        id,
        orgId,
        senderId,
        label,
        status,
        createdAt,
        lastSeenAt,
        exitIp,
        exitCountry,
        expectedCountry,
        net,
        key,
        revokedAt);
  }

  EgressNode revoked(Instant at) {
    return new EgressNode(
        id,
        orgId,
        senderId,
        label,
        Status.REVOKED,
        createdAt,
        lastSeenAt,
        exitIp,
        exitCountry,
        expectedCountry,
        net,
        deviceKey,
        at);
  }

  EgressNode seen(Instant at) {
    return new EgressNode(
        id,
        orgId,
        senderId,
        label,
        status,
        createdAt,
        at,
        exitIp,
        exitCountry,
        expectedCountry,
        net,
        deviceKey,
        revokedAt);
  }
}
