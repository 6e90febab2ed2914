package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code auth.qr}: a new QR code to show, valid until {@code expiresAt} (one per rotation). */
public record QrCodeIssued(String sessionId, Instant at, String code, Instant expiresAt)
    implements SessionEvent {
  public QrCodeIssued {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "QrCodeIssued[sessionId=" + sessionId + ", expiresAt=" + expiresAt + "]";
  }
}
