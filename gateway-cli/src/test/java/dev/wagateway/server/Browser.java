package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both given by path so that
 * Selenium Manager never looks for (or downloads) a browser or a driver. Without them the tests
 * skip with a message, except under {@code CI=true}, where they fail.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Duration WAIT = Duration.ofSeconds(60);

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips (or under CI fails) when Chromium or its driver is not installed. */
  static void requireChromium() {
    boolean present =
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    if (present) {
      return;
    }
    String message =
        "Chromium is not installed ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver, or run scripts/test.sh";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  /** A headless browser with a fresh profile and a window of {@code width} x {@code height}. */
  static Browser open(int width, int height) throws IOException {
    requireChromium();
    // Selenium Manager stays offline, and the driver is the one given here.
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile = Files.createTempDirectory("wagateway-chromium");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withEnvironment(Map.of("SE_OFFLINE", "true"))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    if (width < 500) {
      // Headless windows are at least 500 px wide: a phone's width needs device emulation.
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 1.0)));
    }
    return new Browser(new ChromeDriver(service, options), profile);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
  }

  <T> T until(ExpectedCondition<T> condition) {
    return waiting().until(condition);
  }

  WebElement visible(String css) {
    return until(
        d -> {
          WebElement e = d.findElement(By.cssSelector(css));
          return e.isDisplayed() ? e : null;
        });
  }

  /** Waits until {@code css} exists and its text contains {@code text}. */
  WebElement withText(String css, String text) {
    return until(
        d -> {
          for (WebElement e : d.findElements(By.cssSelector(css))) {
            if (e.getText().contains(text)) {
              return e;
            }
          }
          return null;
        });
  }

  /** Waits until an {@code <img>} is shown and its image has loaded. */
  WebElement loadedImage(String css) {
    return until(
        d -> {
          WebElement img = d.findElement(By.cssSelector(css));
          Object ok =
              ((ChromeDriver) d)
                  .executeScript(
                      "const i = arguments[0]; return !i.hidden && i.complete && i.naturalWidth > 0;",
                      img);
          return Boolean.TRUE.equals(ok) ? img : null;
        });
  }

  /** Decodes the QR code in a screenshot of {@code element}, as a phone camera would. */
  static String decodeQr(WebElement element) {
    byte[] png = element.getScreenshotAs(OutputType.BYTES);
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      int w = image.getWidth();
      int h = image.getHeight();
      int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
      BinaryBitmap bitmap =
          new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
      Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true));
      return result.getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NotFoundException
        | com.google.zxing.ChecksumException
        | com.google.zxing.FormatException e) {
      throw new AssertionError("no readable QR code in the screenshot: " + e, e);
    }
  }

  static void signIn(WebDriver driver, Browser b, String baseUrl, String key) {
    driver.get(baseUrl + "/dashboard/");
    WebElement input = b.visible("#api-key");
    input.sendKeys(key);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    b.visible("#app");
    b.until(d -> "live".equals(d.findElement(By.id("stream-state")).getAttribute("data-state")));
    assertTrue(!driver.getCurrentUrl().contains(key), "the key must never be in the URL");
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temp profile left behind is harmless.
      }
    }
  }
}
