package dev.wagateway.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A loopback MockWebServer and a client pointed at it, with recorded (not real) retry waits. */
final class ClientFixture implements AutoCloseable {
  static final String TOKEN = "wg_test_abc123";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final MockWebServer server = new MockWebServer();
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final WagatewayClient client;

  ClientFixture() throws IOException {
    this(RetryPolicy.DEFAULT, Timeouts.of(Duration.ofSeconds(5)));
  }

  ClientFixture(RetryPolicy retry, Timeouts timeouts) throws IOException {
    server.start();
    Sleeper recording = waits::add;
    client =
        WagatewayClient.builder()
            .baseUrl(server.url("/").toString())
            .token(TOKEN)
            .timeouts(timeouts)
            .retryPolicy(retry)
            .sleeper(recording)
            .random(new Random(7))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
  }

  WagatewayApi api() {
    return client.api();
  }

  void enqueueJson(int status, String json) {
    server.enqueue(
        new MockResponse()
            .setResponseCode(status)
            .setHeader("Content-Type", "application/json")
            .setBody(json));
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request arrived within 5 s");
    }
    return r;
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.shutdown();
  }
}
