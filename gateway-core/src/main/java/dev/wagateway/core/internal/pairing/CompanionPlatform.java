package dev.wagateway.core.internal.pairing;

/**
 * The companion client type the phone shows for a linked device: the last part of the QR link and
 * the {@code companion_platform_id} of phone-code pairing (docs/protocol/pairing.md §2.3).
 */
public enum CompanionPlatform {
  UNKNOWN("0"),
  CHROME("1"),
  EDGE("2"),
  FIREFOX("3"),
  IE("4"),
  OPERA("5"),
  SAFARI("6"),
  ELECTRON("7"),
  UWP("8"),
  OTHER_WEB_CLIENT("9"),
  MACOS("c"),
  ANDROID("e");

  private final String id;

  CompanionPlatform(String id) {
    this.id = id;
  }

  /** The one-character id sent on the wire, e.g. {@code "1"} for Chrome. */
  public String id() {
    return id;
  }
}
