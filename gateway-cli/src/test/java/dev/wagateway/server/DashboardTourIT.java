package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * Runs on request only, with the browser tests' setup: {@code -Dwagateway.dashboard.docs=<dir>}
 * writes the README's screenshots there; {@code -Dwagateway.dashboard.bench=true} measures the
 * first render of the sessions page with 1,000 sessions (see benchmarks/README.md).
 */
class DashboardTourIT {
  private static final int BENCH_SESSIONS = 1_000;
  private static final int BENCH_RUNS = 7;

  private GatewayServer server;
  private String baseUrl;
  private final List<Browser> browsers = new ArrayList<>();

  private void startServer() throws IOException {
    Browser.requireChromium();
    Path dataDir = Files.createTempDirectory("wagateway-dashboard-tour");
    server =
        DemoWorld.start()
            .installInto(
                GatewayServer.builder(
                    ServerConfig.builder()
                        .adminKey(TestServer.ADMIN_KEY)
                        .dataDir(dataDir)
                        .http(new ServerConfig.Http("127.0.0.1", null, 1 << 20, 0, 100))
                        .events(new ServerConfig.Events(1000, 200, Duration.ofSeconds(5)))
                        .build()))
            .create()
            .start(0);
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  private Browser browser(int width, int height) throws IOException {
    Browser b = Browser.open(width, height);
    browsers.add(b);
    return b;
  }

  @AfterEach
  void stop() {
    browsers.forEach(Browser::close);
    if (server != null) {
      server.stop();
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "wagateway.dashboard.docs", matches = ".+")
  void screenshotsOfTheMainPages() throws Exception {
    Path out = Path.of(System.getProperty("wagateway.dashboard.docs"));
    Files.createDirectories(out);
    startServer();
    Browser b = browser(1280, 960);
    var driver = b.driver;
    Browser.signIn(driver, b, baseUrl, TestServer.ADMIN_KEY);
    for (String name : List.of("Support line", "Sales")) {
      driver.findElement(By.id("session-name")).sendKeys(name);
      driver.findElement(By.cssSelector("#create-session-form button[type=submit]")).click();
      b.withText("#detail-title", name);
    }
    b.loadedImage("#qr-image");
    save(driver.getScreenshotAs(OutputType.BYTES), out.resolve("sessions-qr.png"));

    driver.findElement(By.id("demo-scan")).click();
    b.withText("#detail-status", "connected");
    b.withText("#me-list", "15550100001");
    driver.findElement(By.id("send-text")).sendKeys("Hello from the dashboard");
    driver.findElement(By.cssSelector("#send-form button[type=submit]")).click();
    b.withText("#send-result", "Queued");
    driver.findElement(By.id("demo-contact-text")).sendKeys("Hi! Got it.");
    driver.findElement(By.cssSelector("#demo-contact-form button[type=submit]")).click();
    b.withText("#demo-result", "The contact sent");
    save(driver.getScreenshotAs(OutputType.BYTES), out.resolve("session-linked.png"));

    driver.findElement(By.cssSelector("[data-view=events]")).click();
    b.withText("#event-log li[data-type='message.received']", "Hi! Got it.");
    save(driver.getScreenshotAs(OutputType.BYTES), out.resolve("event-monitor.png"));

    driver.findElement(By.cssSelector("[data-view=egress]")).click();
    b.visible("#view-egress");
    driver.findElement(By.id("node-sender-name")).sendKeys("Shop");
    driver.findElement(By.id("node-label")).sendKeys("Shop Android");
    driver.findElement(By.cssSelector("#create-node-form button[type=submit]")).click();
    b.loadedImage("#node-qr-image");
    save(driver.getScreenshotAs(OutputType.BYTES), out.resolve("egress-node.png"));

    Browser phone = browser(390, 844);
    Browser.signIn(phone.driver, phone, baseUrl, TestServer.ADMIN_KEY);
    WebElement open = phone.visible("#sessions-table tbody tr button");
    open.click();
    phone.withText("#detail-status", "connected");
    phone.driver.executeScript("window.scrollTo(0, 0);");
    save(phone.driver.getScreenshotAs(OutputType.BYTES), out.resolve("phone-width.png"));
  }

  @Test
  @EnabledIfSystemProperty(named = "wagateway.dashboard.bench", matches = "true")
  void firstRenderOfTheSessionsPageWith1000Sessions() throws Exception {
    startServer();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < BENCH_SESSIONS; i++) {
      HttpRequest create =
          HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sessions"))
              .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"name\":\"Line " + i + "\",\"autoStart\":false}"))
              .build();
      assertEquals(201, http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    Browser b = browser(1280, 960);
    var driver = b.driver;
    driver.get(baseUrl + "/dashboard/");
    driver.executeScript(
        "sessionStorage.setItem('wagateway.apiKey', arguments[0]);", TestServer.ADMIN_KEY);
    List<Double> millis = new ArrayList<>();
    for (int run = 0; run <= BENCH_RUNS; run++) {
      driver.navigate().refresh();
      b.until(
          d ->
              String.valueOf(BENCH_SESSIONS)
                  .equals(
                      d.findElement(By.tagName("body")).getAttribute("data-sessions-rendered")));
      assertEquals(
          BENCH_SESSIONS, driver.findElements(By.cssSelector("#sessions-table tbody tr")).size());
      double ms =
          ((Number)
                  driver.executeScript(
                      "return performance.getEntriesByName('wagateway:sessions-rendered')[0]"
                          + ".startTime;"))
              .doubleValue();
      if (run > 0) {
        millis.add(ms);
      }
    }
    Collections.sort(millis);
    double median = millis.get(millis.size() / 2);
    String report =
        String.format(
            "dashboard first render, %d sessions, %d runs after 1 warm-up: median %.0f ms, min %.0f"
                + " ms, max %.0f ms (navigation start to all rows in the DOM)%n",
            BENCH_SESSIONS, millis.size(), median, millis.get(0), millis.get(millis.size() - 1));
    System.out.print(report);
    Files.writeString(Path.of("target", "dashboard-bench.txt"), report);
    assertTrue(median > 0, report);
  }

  private static void save(byte[] png, Path file) throws IOException {
    Files.write(file, png);
  }
}
