package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.client.model.ApiKeyMode;
import dev.wagateway.client.model.Capability;
import dev.wagateway.client.model.CreateApiKeyRequest;
import dev.wagateway.server.config.ServerConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed authentication is throttled per source address; valid keys elsewhere are not. */
class AuthThrottleIT {
  private TestServer t;

  @BeforeEach
  void start() throws Exception {
    t = new TestServer();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aThousandWrongKeysAreThrottledAndAValidKeyFromAnotherAddressStillWorks() throws Exception {
    String valid =
        t.api()
            .createApiKey(
                new CreateApiKeyRequest("ok", ApiKeyMode.LIVE, List.of(Capability.READ), null))
            .secret();
    int unauthorized = 0;
    int throttled = 0;
    for (int i = 0; i < 1_000; i++) {
      TestServer.Resp r =
          t.call("GET", "/api/v1/sessions", TestServer.ADMIN_KEY + i, (String) null);
      if (r.status() == 401) {
        unauthorized++;
      } else {
        assertEquals(429, r.status(), r.text());
        assertEquals("authentication_failures", r.errorDetails().get("reason"));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, r.header("Retry-After"));
        throttled++;
      }
    }
    int limit = ServerConfig.Limits.defaults().authFailuresPerMinute();
    assertEquals(limit, unauthorized);
    assertEquals(1_000 - limit, throttled);
    assertEquals(throttled, t.server.api().authThrottle().throttledCount());
    // the Zavu family is throttled too, in its own shape
    TestServer.Resp alt = t.call("GET", "/v1/senders", valid, (String) null);
    assertEquals(429, alt.status());
    assertEquals("rate_limited", alt.json().get("code"));

    // a valid key from another address is answered at once
    RawHttp.Answer other =
        RawHttp.exchange(
            t.server.port(),
            ("GET /api/v1/sessions HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAuthorization: Bearer "
                    + valid
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            InetAddress.getByName("127.0.0.2"));
    assertEquals(200, other.status(), other.body());
    // public routes are never throttled
    assertEquals(200, t.call("GET", "/healthz", null, (String) null).status());
  }
}
