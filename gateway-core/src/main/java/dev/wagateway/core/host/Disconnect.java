package dev.wagateway.core.host;

import java.util.Objects;

/**
 * Why a connection ended, as the session acts on it.
 *
 * @param kind what the session does next
 * @param reason a short stable reason for the {@code session.disconnected} event
 * @param lastError the lastError to report (with its prefix), or null
 */
record Disconnect(Kind kind, String reason, String lastError) {
  Disconnect {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  enum Kind {
    /** 515: reconnect at once (no backoff), e.g. right after pairing. */
    RESTART,
    /**
     * A drop worth retrying with backoff, forever (503 and other login failures that are neither a
     * logout, a ban nor an outdated client; network, keepalive, server close).
     */
    TRANSIENT,
    /** The link is gone (device_removed, 401/403/406): clear the account, no reconnect. */
    LOGGED_OUT,
    /** Another connection took over: no reconnect. */
    REPLACED,
    /** 402: temporarily banned; no reconnect. */
    TEMPORARILY_BANNED,
    /** The QR refs ran out: no reconnect; a new start shows a new QR. */
    QR_TIMEOUT,
    /** pair-success was refused, or the phone cannot do multi-device. */
    PAIRING_FAILED,
    /** The egress could not carry the connection: retried with backoff like TRANSIENT. */
    EGRESS_UNAVAILABLE,
    /**
     * 405: the server refuses our WhatsApp Web version. The session refreshes the version (when a
     * source is configured) and retries once; refused again, the session fails.
     */
    CLIENT_OUTDATED,
    /** We closed it (stop, logout, delete): nothing to do. */
    LOCAL;

    boolean reconnects() {
      return this == RESTART || this == TRANSIENT || this == EGRESS_UNAVAILABLE;
    }
  }
}
