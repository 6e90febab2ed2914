package dev.wagateway.core;

import java.util.Objects;

/**
 * The code the user types on the phone under "Link with phone number".
 *
 * @param code eight characters shown as {@code XXXX-XXXX}
 */
public record PairingCode(String code) {
  public PairingCode {
    Objects.requireNonNull(code, "code");
  }

  @Override
  public String toString() {
    return "PairingCode[****-****]";
  }
}
