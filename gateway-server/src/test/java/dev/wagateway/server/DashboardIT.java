package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's static files: bytes from the jar, content types, caching and the CSP. */
class DashboardIT {
  private static final List<String> FILES =
      List.of("index.html", "app.js", "api.js", "dom.js", "app.css");

  private TestServer t;

  @BeforeEach
  void start() throws IOException {
    t = new TestServer();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void servesEveryFileWithItsTypeAndTheStrictPolicyWithoutAKey() throws IOException {
    for (String name : FILES) {
      TestServer.Resp r = t.call("GET", "/dashboard/" + name, null, (String) null);
      assertEquals(200, r.status(), name);
      assertArrayEquals(resource(name), r.bytes(), name);
      String type = name.substring(name.lastIndexOf('.') + 1);
      String expected =
          switch (type) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            default -> "text/css; charset=utf-8";
          };
      assertEquals(expected, r.contentType(), name);
      assertEquals("no-cache", r.header("Cache-Control"), name);
      assertEquals("nosniff", r.header("X-Content-Type-Options"), name);
      String csp = r.header("Content-Security-Policy");
      assertTrue(csp.startsWith("default-src 'none'; script-src 'self'; style-src 'self';"), csp);
      assertFalse(csp.contains("unsafe"), csp);
    }
    TestServer.Resp root = t.call("GET", "/dashboard/", null, (String) null);
    assertArrayEquals(resource("index.html"), root.bytes());
  }

  @Test
  void indexHasNoInlineScriptOrStyleAndLoadsOnlyLocalFiles() throws IOException {
    String html = t.call("GET", "/dashboard/", null, (String) null).text();
    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertTrue(scripts.group(1).contains("src=\"app.js\""), scripts.group());
    }
    assertEquals(1, count);
    assertFalse(html.contains("<style"), "inline <style>");
    assertFalse(html.contains("style=\""), "inline style attribute");
    assertFalse(html.contains("http://") || html.contains("https://"), "no external URL");
    for (String name : FILES) {
      String text = new String(resource(name), java.nio.charset.StandardCharsets.UTF_8);
      assertFalse(text.contains("innerHTML"), name + " builds markup from strings");
      assertFalse(text.contains("localStorage"), name + " must keep the key in sessionStorage");
    }
  }

  @Test
  void redirectsTheBarePathAndAnswersRevalidationWith304() throws IOException {
    Request bare = new Request.Builder().url(t.url("/dashboard")).build();
    okhttp3.OkHttpClient noRedirects = t.http.newBuilder().followRedirects(false).build();
    try (Response r = noRedirects.newCall(bare).execute()) {
      assertEquals(308, r.code());
      assertEquals("/dashboard/", r.header("Location"));
    }
    TestServer.Resp first = t.call("GET", "/dashboard/app.js", null, (String) null);
    String etag = first.header("ETag");
    assertNotNull(etag);
    Request again =
        new Request.Builder().url(t.url("/dashboard/app.js")).header("If-None-Match", etag).build();
    try (Response r = t.http.newCall(again).execute()) {
      assertEquals(304, r.code());
      assertEquals(0, r.body().bytes().length);
    }
  }

  @Test
  void refusesUnknownFilesTraversalAndOtherMethods() throws IOException {
    for (String path :
        List.of(
            "/dashboard/missing.js",
            "/dashboard/..%2fopenapi.json",
            "/dashboard/%2e%2e%2fopenapi.json",
            "/dashboard/sub/app.js",
            "/dashboard/App.JS",
            "/dashboard/app.java")) {
      TestServer.Resp r = t.call("GET", path, null, (String) null);
      assertTrue(r.status() == 404 || r.status() == 400, path + " -> " + r.status());
      assertFalse(r.text().contains("\"paths\""), path + " served the OpenAPI document");
    }
    TestServer.Resp post = t.call("POST", "/dashboard/app.js", null, "{}");
    assertEquals(405, post.status());
    assertEquals("GET, HEAD", post.header("Allow"));
    // The API beside it is untouched.
    assertEquals(200, t.call("GET", "/healthz", null, (String) null).status());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        DashboardIT.class.getResourceAsStream("/dev/wagateway/server/dashboard/" + name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }
}
