package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Locale;

/** Where a hosted session is in its life; {@link #wireName()} is the API's lower-case name. */
public enum SessionStatus {
  /** Connecting without a linked account, before the first QR (or after a reset). */
  INITIALIZING,
  /** Showing a QR code (or waiting for a phone code to be typed); not linked yet. */
  QR_READY,
  /** Linked or linking: logging in with the stored credentials. */
  AUTHENTICATING,
  /** Logged in; stanzas flow. */
  READY,
  /** Not connected: stopped, logged out, replaced, QR timeout, or waiting to reconnect. */
  DISCONNECTED,
  /** Gave up until started again: see {@link SessionInfo#lastError()}. */
  FAILED;

  /** {@code initializing}, {@code qr_ready}, {@code authenticating}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@link #wireName()} (any case). */
  public static SessionStatus fromWireName(String name) {
    if (name != null) {
      for (SessionStatus status : values()) {
        if (status.wireName().equalsIgnoreCase(name)) {
          return status;
        }
      }
    }
    throw new ValidationException("unknown session status: " + name);
  }
}
