package dev.wagateway.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * The request did not get an answer: connection failure, timeout, or interruption. The cause is the
 * {@link IOException}.
 */
public final class WagatewayIoException extends WagatewayException {
  private static final long serialVersionUID = 1L;

  public WagatewayIoException(String message, IOException cause) {
    super(message, cause);
  }

  /** Whether a connect, read, write or whole-call timeout expired. */
  public boolean isTimeout() {
    Throwable cause = getCause();
    return cause instanceof SocketTimeoutException
        || (cause instanceof InterruptedIOException && "timeout".equals(cause.getMessage()));
  }
}
