package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wagateway.server.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's own proxy URL may not point into the gateway's network unless allowed. */
class PrivateProxyTargetIT {
  private static final List<String> INTERNAL =
      List.of(
          "socks5://127.0.0.1:22",
          "http://user:hunter2@10.0.0.5:8080",
          "socks5://169.254.169.254:80",
          "http://[fd00::1]:3128",
          "socks5://localhost:6379");

  @Test
  void privateProxyTargetsAre400ByDefault() throws Exception {
    try (TestServer t = new TestServer()) {
      for (String url : INTERNAL) {
        TestServer.Resp r = t.admin("POST", "/api/v1/sessions", body(url));
        assertEquals(400, r.status(), url + " -> " + r.text());
        assertEquals("private_proxy_target", r.errorDetails().get("reason"), url);
        assertEquals("egress.proxyUrl", r.errorDetails().get("field"), url);
        assertFalse(r.text().contains("hunter2"), r.text());
      }
      TestServer.Resp bad = t.admin("POST", "/api/v1/sessions", body("ftp://u:hunter2@x"));
      assertEquals(400, bad.status());
      assertFalse(bad.text().contains("hunter2"), bad.text());
      assertEquals(
          201, t.admin("POST", "/api/v1/sessions", body("socks5://8.8.8.8:1080")).status());
    }
  }

  @Test
  void anOperatorMayAllowThem() throws Exception {
    try (TestServer t =
        new TestServer(b -> b.egress(new ServerConfig.Egress(List.of(), null, true)))) {
      for (String url : INTERNAL) {
        assertEquals(201, t.admin("POST", "/api/v1/sessions", body(url)).status(), url);
      }
    }
  }

  private static String body(String proxyUrl) {
    return "{\"name\":\"p\",\"autoStart\":false,\"egress\":{\"kind\":\"proxy\",\"proxyUrl\":\""
        + proxyUrl
        + "\"}}";
  }
}
