package dev.wagateway.core.wire;

import java.io.IOException;

/**
 * The bytes on the wire are broken: a malformed frame, node or handshake message. Checked, like
 * moshi's {@code JsonEncodingException}: it belongs to the stream, stays inside the transport and
 * surfaces to callers as a disconnect with a reason.
 */
public class WireException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public WireException(String code, String message) {
    this(code, message, null);
  }

  public WireException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** Stable machine-readable reason, e.g. {@code malformed_node}, {@code handshake_failed}. */
  public String code() {
    return code;
  }
}
