package dev.wagateway.core.internal.media;

import dev.wagateway.core.GatewayException;

/**
 * A media transfer failed for a reason other than integrity (those are {@link
 * GatewayException.CryptoException}s with the {@link MediaErrors} codes): expired URL, every host
 * failing, an oversized blob, no media_conn.
 */
public final class MediaException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public MediaException(String code, String message) {
    super(code, message);
  }

  public MediaException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
