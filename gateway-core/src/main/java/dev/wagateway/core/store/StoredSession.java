package dev.wagateway.core.store;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Objects;

/**
 * One hosted session as stored: identity, owner, operator intent, last reported status, egress
 * choice and the linked account once known. Timestamps are epoch milliseconds.
 *
 * @param senderId the API sender this session serves, or null
 * @param displayName a label chosen by the operator, or null
 * @param status the last reported status, one of the {@code STATUS_*} constants
 * @param lastError the last failure reason, or null
 * @param egress how the session reaches WhatsApp, or null when not chosen yet
 * @param phone the account's phone number (digits) once paired, else null
 * @param pushName the account's push name when known, else null
 * @param jid our device JID once paired, else null
 * @param lid our LID device JID when known, else null
 * @param lastConnectedAt when the session last reached {@code ready}, or null
 */
public record StoredSession(
    String id,
    String orgId,
    String senderId,
    String displayName,
    DesiredState desiredState,
    String status,
    String lastError,
    EgressChoice egress,
    String phone,
    String pushName,
    String jid,
    String lid,
    long createdAt,
    long updatedAt,
    Long lastConnectedAt) {

  public static final String STATUS_INITIALIZING = "initializing";
  public static final String STATUS_QR_READY = "qr_ready";
  public static final String STATUS_AUTHENTICATING = "authenticating";
  public static final String STATUS_READY = "ready";
  public static final String STATUS_DISCONNECTED = "disconnected";
  public static final String STATUS_FAILED = "failed";

  public StoredSession {
    requireText(id, "id");
    requireText(orgId, "orgId");
    Objects.requireNonNull(desiredState, "desiredState");
    requireText(status, "status");
  }

  /** A new session: desired STOPPED, status initializing, created and updated at {@code now}. */
  public static StoredSession create(String id, String orgId, long now) {
    return new StoredSession(
        id,
        orgId,
        null,
        null,
        DesiredState.STOPPED,
        STATUS_INITIALIZING,
        null,
        null,
        null,
        null,
        null,
        null,
        now,
        now,
        null);
  }

  public StoredSession withDesiredState(DesiredState state, long now) {
    return new StoredSession(
        id,
        orgId,
        senderId,
        displayName,
        state,
        status,
        lastError,
        egress,
        phone,
        pushName,
        jid,
        lid,
        createdAt,
        now,
        lastConnectedAt);
  }

  /** A new status and its error (null clears it); reaching ready also sets lastConnectedAt. */
  public StoredSession withStatus(String newStatus, String error, long now) {
    Long connected = STATUS_READY.equals(newStatus) ? Long.valueOf(now) : lastConnectedAt;
    return new StoredSession(
        id,
        orgId,
        senderId,
        displayName,
        desiredState,
        newStatus,
        error,
        egress,
        phone,
        pushName,
        jid,
        lid,
        createdAt,
        now,
        connected);
  }

  public StoredSession withEgress(EgressChoice newEgress, long now) {
    return new StoredSession(
        id,
        orgId,
        senderId,
        displayName,
        desiredState,
        status,
        lastError,
        newEgress,
        phone,
        pushName,
        jid,
        lid,
        createdAt,
        now,
        lastConnectedAt);
  }

  public StoredSession withLabels(String newSenderId, String newDisplayName, long now) {
    return new StoredSession(
        id,
        orgId,
        newSenderId,
        newDisplayName,
        desiredState,
        status,
        lastError,
        egress,
        phone,
        pushName,
        jid,
        lid,
        createdAt,
        now,
        lastConnectedAt);
  }

  /** The linked account's identity, or all nulls after a logout. */
  public StoredSession withAccount(
      String newPhone, String newPushName, String newJid, String newLid, long now) {
    return new StoredSession(
        id,
        orgId,
        senderId,
        displayName,
        desiredState,
        status,
        lastError,
        egress,
        newPhone,
        newPushName,
        newJid,
        newLid,
        createdAt,
        now,
        lastConnectedAt);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(name + " must not be blank");
    }
  }
}
