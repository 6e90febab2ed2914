package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Objects;

/**
 * A WhatsApp Web version {@code primary.secondary.tertiary}, e.g. {@code 2.3000.1045649367}: what
 * the client says it is in its login and registration payloads. The parts are uint32 on the wire:
 * an {@code int} here, read as unsigned. The server refuses versions it deems too old with {@code
 * <failure reason="405"/>}.
 */
public record WaVersion(int primary, int secondary, int tertiary) implements Comparable<WaVersion> {

  /**
   * The version sent when none is configured: whatsmeow's at commit 6eefbff4 of {@code
   * store/clientpayload.go} (2026-08-20), the newest we could read (docs/protocol/transport.md
   * §4.6; ../shared/protocol/currency-2026.md row 1a). Keep it current at each release.
   */
  public static final WaVersion DEFAULT = new WaVersion(2, 3000, 1045649367);

  /**
   * Parses {@code "2.3000.1045649367"}.
   *
   * @throws ValidationException when the text is not three dot-separated unsigned numbers
   */
  public static WaVersion parse(String dotted) {
    String[] parts = Objects.requireNonNull(dotted, "dotted").trim().split("\\.", -1);
    if (parts.length != 3) {
      throw new ValidationException("version must look like 2.3000.1045649367: " + dotted);
    }
    try {
      return new WaVersion(
          Integer.parseUnsignedInt(parts[0]),
          Integer.parseUnsignedInt(parts[1]),
          Integer.parseUnsignedInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new ValidationException("version must look like 2.3000.1045649367: " + dotted);
    }
  }

  /** The version as {@code primary.secondary.tertiary}, unsigned. */
  public String format() {
    return Integer.toUnsignedString(primary)
        + "."
        + Integer.toUnsignedString(secondary)
        + "."
        + Integer.toUnsignedString(tertiary);
  }

  /** Whether this version is newer than {@code other} (parts compared in order, unsigned). */
  public boolean isNewerThan(WaVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(WaVersion other) {
    int c = Integer.compareUnsigned(primary, other.primary);
    if (c == 0) {
      c = Integer.compareUnsigned(secondary, other.secondary);
    }
    if (c == 0) {
      c = Integer.compareUnsigned(tertiary, other.tertiary);
    }
    return c;
  }

  @Override
  public String toString() {
    return format();
  }
}
