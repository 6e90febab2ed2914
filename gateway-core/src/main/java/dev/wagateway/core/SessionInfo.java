package dev.wagateway.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one hosted session.
 *
 * @param senderId the API sender this session serves, or null
 * @param displayName the operator's label, or null
 * @param lastError why the session last failed or disconnected, or null; it starts with a stable
 *     prefix: {@code logged_out:}, {@code replaced:}, {@code temporarily_banned:}, {@code
 *     qr_timeout:}, {@code pairing_failed:}, {@code egress_unavailable:}, {@code client version
 *     refused:} or {@code connection_failed:}
 * @param egress the egress choice, or null when none was made
 * @param identity the linked account, or null when not linked
 * @param currentQr the QR code to show, only while {@link SessionStatus#QR_READY}
 * @param lastConnectedAt when the session last became ready, or null
 */
public record SessionInfo(
    String id,
    String orgId,
    String senderId,
    String displayName,
    SessionStatus status,
    DesiredState desiredState,
    String lastError,
    EgressChoice egress,
    Identity identity,
    QrCode currentQr,
    Instant createdAt,
    Instant updatedAt,
    Instant lastConnectedAt) {
  public SessionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(desiredState, "desiredState");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Whether an account is linked. */
  public boolean paired() {
    return identity != null;
  }
}
