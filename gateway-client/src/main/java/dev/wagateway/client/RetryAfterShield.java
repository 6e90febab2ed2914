package dev.wagateway.client;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * okhttp repeats a request by itself when a 503 carries {@code Retry-After: 0}, even a POST that is
 * not idempotent. This network interceptor moves {@code Retry-After} of 503 answers to {@link
 * #HEADER} so that only {@link HttpCore}'s retry policy decides about repeating.
 */
final class RetryAfterShield implements Interceptor {
  /** Where the original {@code Retry-After} of a 503 answer is kept. */
  static final String HEADER = "Wagateway-Retry-After";

  /** The server's {@code Retry-After}, wherever this interceptor put it. */
  static String retryAfter(Response response) {
    String moved = response.header(HEADER);
    return moved != null ? moved : response.header("Retry-After");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String retryAfter = response.header("Retry-After");
    if (response.code() != 503 || retryAfter == null) {
      return response;
    }
    return response.newBuilder().removeHeader("Retry-After").header(HEADER, retryAfter).build();
  }
}
