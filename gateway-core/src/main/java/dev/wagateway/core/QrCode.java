package dev.wagateway.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One pairing QR code: the text to encode and when it stops being valid. Render it with {@link
 * #png(int)} or {@link #terminal()}.
 *
 * @param code the QR text ({@code https://wa.me/settings/linked_devices#ref,keys...})
 * @param expiresAt when the server's ref behind it runs out
 */
public record QrCode(String code, Instant expiresAt) {
  public QrCode {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A PNG image of the code, about {@code size} pixels square (black on white). */
  public byte[] png(int size) {
    return QrRenderer.png(code, size);
  }

  /** The code drawn with Unicode half blocks, for a terminal (light modules as blocks). */
  public String terminal() {
    return QrRenderer.terminal(code);
  }

  @Override
  public String toString() {
    return "QrCode[expiresAt=" + expiresAt + "]";
  }
}
