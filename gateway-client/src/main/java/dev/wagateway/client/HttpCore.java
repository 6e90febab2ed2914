package dev.wagateway.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.wagateway.client.model.FileUpload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The {@link ApiTransport} over okhttp: turns an {@link ApiRequest} into an HTTP request with the
 * bearer token, retries idempotent requests on 429/503 per the {@link RetryPolicy}, maps error
 * answers to {@link WagatewayApiException} and decodes JSON answers with moshi.
 */
final class HttpCore implements ApiTransport {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final String token;
  private final String userAgent;
  private final Moshi moshi;
  private final ErrorBodies errors;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Clock clock;

  HttpCore(
      OkHttpClient http,
      HttpUrl baseUrl,
      String token,
      String userAgent,
      Moshi moshi,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      RandomGenerator random,
      Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.token = Objects.requireNonNull(token, "token");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.moshi = Objects.requireNonNull(moshi, "moshi");
    this.errors = new ErrorBodies(moshi);
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Moshi moshi() {
    return moshi;
  }

  OkHttpClient http() {
    return http;
  }

  ErrorBodies errors() {
    return errors;
  }

  Clock clock() {
    return clock;
  }

  @Override
  @SuppressWarnings(
      "TypeParameterUnusedInFormals") // T is the caller's decoded type for responseType
  public <T> T execute(ApiRequest request, Type responseType) {
    try (Response response = send(request)) {
      if (responseType == null) {
        return null;
      }
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (text.isEmpty()) {
        throw new WagatewayException(
            request.operationId() + ": the server answered " + response.code() + " without a body");
      }
      JsonAdapter<T> adapter = moshi.adapter(responseType);
      T value = adapter.fromJson(text);
      if (value == null) {
        throw new WagatewayException(request.operationId() + ": the server answered null");
      }
      return value;
    } catch (JsonDataException e) {
      throw new WagatewayException(
          request.operationId() + ": the answer does not match the API: " + e.getMessage(), e);
    } catch (IOException e) {
      throw io(request, e);
    }
  }

  @Override
  public byte[] executeBytes(ApiRequest request) {
    try (Response response = send(request)) {
      ResponseBody body = response.body();
      return body == null ? new byte[0] : body.bytes();
    } catch (IOException e) {
      throw io(request, e);
    }
  }

  /** Sends with retries; returns a successful response (the caller closes it) or throws. */
  private Response send(ApiRequest request) {
    Request okRequest = toOkHttp(request);
    int attempt = 0;
    while (true) {
      Response response;
      try {
        response = http.newCall(okRequest).execute();
      } catch (IOException e) {
        throw io(request, e);
      }
      if (response.isSuccessful()) {
        return response;
      }
      WagatewayApiException error = toException(response);
      boolean retryable =
          request.idempotent()
              && (response.code() == 429 || response.code() == 503)
              && attempt < retryPolicy.maxRetries();
      if (!retryable) {
        throw error;
      }
      Duration wait = error.retryAfter().orElse(null);
      if (wait == null) {
        wait =
            Backoff.exponential(
                attempt, retryPolicy.initialDelay(), retryPolicy.maxDelay(), random);
      } else if (wait.compareTo(retryPolicy.maxDelay()) > 0) {
        throw error;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WagatewayIoException(
            request.operationId() + ": interrupted while waiting to retry",
            new InterruptedIOException("interrupted"));
      }
      attempt++;
    }
  }

  /** Reads and closes an error response. */
  WagatewayApiException toException(Response response) {
    String text;
    try (ResponseBody body = response.body()) {
      text = body == null ? "" : body.string();
    } catch (IOException e) {
      text = "";
    }
    Duration retryAfter =
        Backoff.parseRetryAfter(RetryAfterShield.retryAfter(response), clock.instant());
    return errors.toException(response.code(), text, retryAfter);
  }

  private static WagatewayIoException io(ApiRequest request, IOException e) {
    return new WagatewayIoException(
        request.operationId()
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()),
        e);
  }

  /**
   * The okhttp request for an {@link ApiRequest}: URL under the base URL, bearer token, headers and
   * body.
   */
  Request toOkHttp(ApiRequest request) {
    String basePath = baseUrl.encodedPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    HttpUrl.Builder url = baseUrl.newBuilder().encodedPath(basePath + request.path());
    for (Map.Entry<String, String> q : request.query()) {
      url.addQueryParameter(q.getKey(), q.getValue());
    }
    Request.Builder b =
        new Request.Builder()
            .url(url.build())
            .header("Authorization", "Bearer " + token)
            .header("User-Agent", userAgent);
    if (request.accept() != null) {
      b.header("Accept", request.accept());
    }
    request.headers().forEach(b::header);
    b.method(request.method(), body(request));
    return b.build();
  }

  private RequestBody body(ApiRequest request) {
    if (request.multipart() != null) {
      MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
      for (Map.Entry<String, Object> part : request.multipart().entrySet()) {
        Object value = part.getValue();
        if (value instanceof FileUpload file) {
          form.addFormDataPart(
              part.getKey(),
              file.filename(),
              RequestBody.create(file.content(), MediaType.parse(file.contentType())));
        } else if (value != null) {
          form.addFormDataPart(part.getKey(), String.valueOf(value));
        }
      }
      return form.build();
    }
    if (request.jsonBody() != null) {
      JsonAdapter<Object> adapter = moshi.adapter(request.jsonBodyType());
      return RequestBody.create(adapter.toJson(request.jsonBody()), JSON);
    }
    boolean needsBody =
        request.method().equals("POST")
            || request.method().equals("PUT")
            || request.method().equals("PATCH");
    return needsBody ? RequestBody.create(new byte[0], null) : null;
  }
}
