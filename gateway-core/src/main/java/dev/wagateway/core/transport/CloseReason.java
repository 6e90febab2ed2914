package dev.wagateway.core.transport;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a {@link WaConnection} ended.
 *
 * @param kind what class of event ended it; callers branch on this
 * @param detail a stable machine-readable detail: the {@link
 *     dev.wagateway.core.wire.WireException#code()} for handshake and frame errors, the decoder's
 *     reason for {@link Kind#MALFORMED_NODE} (e.g. {@code truncated}), the WebSocket close code for
 *     {@link Kind#REMOTE_CLOSED}, {@code http_<status>} for a refused upgrade
 * @param message a human-readable explanation; for {@link Kind#HANDSHAKE_FAILED} it names the
 *     failed check (e.g. {@code certificate chain: intermediate not signed by the trusted root}).
 *     Never contains key material or message content
 */
public record CloseReason(Kind kind, String detail, String message) {
  public CloseReason {
    Objects.requireNonNull(kind, "kind");
    detail = detail == null ? "" : detail;
    message = message == null ? "" : message;
  }

  /** The classes of connection end. */
  public enum Kind {
    /** The Noise handshake or the server's certificate chain failed a check. */
    HANDSHAKE_FAILED,
    /** A frame could not be read or decrypted. */
    MALFORMED_FRAME,
    /** A decrypted frame did not hold a valid binary node. */
    MALFORMED_NODE,
    /** The server closed the WebSocket or the TCP stream. */
    REMOTE_CLOSED,
    /** The egress could not carry the connection (it never falls back to a direct connection). */
    EGRESS_UNAVAILABLE,
    /** The network failed, or the HTTP upgrade was refused. */
    IO_ERROR,
    /** The handshake did not finish in time. */
    TIMEOUT,
    /** The listener fell too far behind; the connection was dropped rather than buffer more. */
    LISTENER_BACKLOG,
    /** {@link WaConnection#close()} was called. */
    CLOSED_LOCALLY;

    /** The stable lower-case code, e.g. {@code handshake_failed}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return kind.code() + (detail.isEmpty() ? "" : "(" + detail + ")") + ": " + message;
  }
}
