package dev.wagateway.core.internal.media;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;

/**
 * A media transfer failed for a reason other than integrity (those are {@link
 * GatewayException.CryptoException}s with the media codes of {@link ErrorCode}): expired URL, every
 * host failing, an oversized blob, no media_conn.
 */
public final class MediaException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public MediaException(ErrorCode code, String message) {
    super(code, message);
  }

  public MediaException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
