package dev.wagateway.egress.agent.internal.tunnel;

/** {@code RESET} codes (docs/egress-tunnel.md §4.1). */
public enum ResetCode {
  CANCEL(0x01, "cancel"),
  DESTINATION_ERROR(0x02, "destination_error"),
  FLOW_CONTROL_ERROR(0x03, "flow_control_error"),
  PROTOCOL_ERROR(0x04, "protocol_error"),
  SHUTDOWN(0x05, "shutdown");

  final int value;
  private final String wireName;

  ResetCode(int value, String wireName) {
    this.value = value;
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The name for a code byte; unknown codes are named by their hex value. */
  public static String nameOf(int value) {
    for (ResetCode c : values()) {
      if (c.value == value) {
        return c.wireName;
      }
    }
    return "0x" + Integer.toHexString(value);
  }
}
