package dev.wagateway.client;

/**
 * Root of the SDK's unchecked exceptions. Thrown as such when the server answered successfully but
 * with a body that does not match the API document; {@link WagatewayApiException} is an error
 * answer, {@link WagatewayIoException} a network failure or timeout.
 */
public class WagatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WagatewayException(String message) {
    super(message);
  }

  public WagatewayException(String message, Throwable cause) {
    super(message, cause);
  }
}
