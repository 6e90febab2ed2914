package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against {@code serve --demo}'s
 * server: sign in, create a session, decode the QR the page draws, link it with the simulated
 * phone, send and receive messages and watch them in the event monitor, create an egress node and
 * decode its pairing QR.
 */
class DashboardBrowserIT {
  private static Path dataDir;
  private static GatewayServer server;
  private static String baseUrl;

  private Browser browser;

  @BeforeAll
  static void startServer() throws IOException {
    Browser.requireChromium();
    dataDir = Files.createTempDirectory("wagateway-dashboard-it");
    server =
        DemoWorld.start()
            .installInto(
                GatewayServer.builder(
                    ServerConfig.builder()
                        .adminKey(TestServer.ADMIN_KEY)
                        .dataDir(dataDir)
                        .events(new ServerConfig.Events(1000, 200, Duration.ofSeconds(5)))
                        .build()))
            .create()
            .start(0);
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    browser = Browser.open(1280, 900);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  void linkASessionByQrThenSendAndReceiveInTheEventMonitor() {
    var driver = browser.driver;
    Browser.signIn(driver, browser, baseUrl, TestServer.ADMIN_KEY);
    Object stored = driver.executeScript("return sessionStorage.getItem('wagateway.apiKey');");
    assertEquals(TestServer.ADMIN_KEY, stored);

    driver.findElement(By.id("session-name")).sendKeys("Browser test");
    driver.findElement(By.cssSelector("#create-session-form button[type=submit]")).click();
    WebElement detail = browser.visible("#session-detail");
    assertEquals("Browser test", driver.findElement(By.id("detail-title")).getText());
    String sessionId = driver.findElement(By.id("detail-id")).getText();
    assertTrue(sessionId.length() > 3, sessionId);

    // The QR drawn on the page decodes to the code the API gave for it.
    String code = decodeShownQr();
    assertTrue(code.split(",").length >= 4, "ref,noiseKey,identityKey,advSecret...: " + code);

    browser.visible("#demo-phone");
    driver.findElement(By.id("demo-scan")).click();
    browser.withText("#detail-status", "connected");
    browser.withText("tr[data-session-id='" + sessionId + "'] .status-badge", "connected");
    assertTrue(driver.findElement(By.id("pairing")).getAttribute("hidden") != null);
    browser.withText("#me-list", "15550100001");

    WebElement to = browser.visible("#send-to");
    assertEquals("15550100002", to.getAttribute("value"), "the demo contact is filled in");
    driver.findElement(By.id("send-text")).sendKeys("hello from the browser");
    driver.findElement(By.cssSelector("#send-form button[type=submit]")).click();
    String messageId =
        browser.until(
            d -> {
              String id = d.findElement(By.id("send-result")).getAttribute("data-message-id");
              return id == null || id.isEmpty() ? null : id;
            });

    driver.findElement(By.id("demo-contact-text")).sendKeys("hi back from the phone");
    driver.findElement(By.cssSelector("#demo-contact-form button[type=submit]")).click();
    browser.withText("#demo-result", "The contact sent");

    driver.findElement(By.cssSelector("[data-view=events]")).click();
    browser.visible("#view-events");
    WebElement sent = browser.withText("#event-log li[data-type='message.sent']", messageId);
    assertTrue(sent.getText().contains(sessionId), sent.getText());
    WebElement received =
        browser.withText("#event-log li[data-type='message.received']", "hi back from the phone");
    assertTrue(received.getText().contains(sessionId), received.getText());

    // The type filter hides what is unchecked.
    driver.findElement(By.id("type-message-received")).click();
    browser.until(
        d ->
            d.findElements(By.cssSelector("#event-log li[data-type='message.received']"))
                .isEmpty());
    assertFalse(
        driver.findElements(By.cssSelector("#event-log li[data-type='message.sent']")).isEmpty());

    // Signing out forgets the key.
    driver.findElement(By.id("sign-out")).click();
    browser.visible("#login");
    assertEquals(null, driver.executeScript("return sessionStorage.getItem('wagateway.apiKey');"));
  }

  @Test
  void linkASessionWithAPairingCodeTypedOnTheDemoPhone() {
    var driver = browser.driver;
    Browser.signIn(driver, browser, baseUrl, TestServer.ADMIN_KEY);
    driver.findElement(By.id("session-name")).sendKeys("By code");
    driver.findElement(By.cssSelector("#create-session-form button[type=submit]")).click();
    browser.visible("#pairing");
    WebElement phone = browser.visible("#pairing-phone");
    browser.until(d -> !phone.getAttribute("value").isEmpty());
    assertEquals("15550100001", phone.getAttribute("value"), "the demo phone's number");
    driver.findElement(By.cssSelector("#pairing-code-form button[type=submit]")).click();
    String code = browser.visible("#pairing-code").getText();
    assertTrue(code.matches("[A-Z0-9]{4}-[A-Z0-9]{4}"), code);
    driver.findElement(By.id("demo-enter-code")).click();
    browser.withText("#demo-result", "linked");
    browser.withText("#detail-status", "connected");
  }

  @Test
  void createAnEgressNodeAndShowItsPairingQr() throws IOException {
    var driver = browser.driver;
    Browser.signIn(driver, browser, baseUrl, TestServer.ADMIN_KEY);
    driver.findElement(By.cssSelector("[data-view=egress]")).click();
    browser.visible("#view-egress");
    driver.findElement(By.id("node-sender-name")).sendKeys("Shop");
    driver.findElement(By.id("node-label")).sendKeys("Shop Android");
    driver.findElement(By.cssSelector("#create-node-form button[type=submit]")).click();
    WebElement img = browser.loadedImage("#node-qr-image");
    String nodeId = img.getAttribute("data-node-id");
    WebElement row = browser.visible("tr[data-node-id='" + nodeId + "']");
    assertTrue(row.getText().contains("Shop Android"), row.getText());
    assertEquals(
        "pending", row.findElement(By.cssSelector(".status-badge")).getText(), row.getText());

    @SuppressWarnings("unchecked")
    Map<String, Object> payload =
        (Map<String, Object>)
            new Moshi.Builder().build().adapter(Object.class).fromJson(Browser.decodeQr(img));
    assertEquals(List.of("token", "gatewayUrl", "wsPath"), List.copyOf(payload.keySet()));
    assertEquals("ws://127.0.0.1:" + server.port(), payload.get("gatewayUrl"));
    assertFalse(((String) payload.get("token")).isEmpty());
  }

  /** Waits for the QR image and decodes it; retries when the code rotated during the screenshot. */
  private String decodeShownQr() {
    return browser.until(
        d -> {
          WebElement img = browser.loadedImage("#qr-image");
          String before = img.getAttribute("data-code");
          String decoded = Browser.decodeQr(img);
          String after = img.getAttribute("data-code");
          if (before == null || !before.equals(after)) {
            return null;
          }
          assertEquals(before, decoded, "the drawn QR carries the API's code");
          return decoded;
        });
  }
}
