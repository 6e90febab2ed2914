package dev.wagateway.client.codegen;

/** The OpenAPI document uses a construct the generator does not support, or is inconsistent. */
public final class CodegenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodegenException(String message) {
    super(message);
  }

  public CodegenException(String message, Throwable cause) {
    super(message, cause);
  }
}
