package dev.wagateway.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrRendererTest {
  private static final String CODE =
      "https://wa.me/settings/linked_devices#2@abcDEF==,"
          + "y7pbgz2SL0OkuCmw8yqyhajKAZ9Ism0LNi0+wso2FGE=,"
          + "kwetktgAEowW7uj0KgkMVWgkvQPi3IkcKDmH2efDKQ0=,"
          + "jDqBoZP2+Ix02K+K50/8U7TKuOlb3coVFQUuV/ufExc=,1";

  @Test
  void pngDecodesBackToTheCode() throws Exception {
    byte[] png = new QrCode(CODE, Instant.EPOCH).png(400);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() >= 200 && image.getWidth() <= 400, "width " + image.getWidth());
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
    String decoded =
        new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    assertEquals(CODE, decoded);
  }

  @Test
  void terminalDrawsTwoModuleRowsPerLine() {
    String text = new QrCode(CODE, Instant.EPOCH).terminal();
    String[] lines = text.split("\n");
    int width = lines[0].length();
    for (String line : lines) {
      assertEquals(width, line.length());
      assertTrue(
          line.chars().allMatch(c -> c == ' ' || c == '\u2588' || c == '\u2580' || c == '\u2584'));
    }
    // modules + 2×2 quiet zone, two rows per line
    assertEquals((width + 1) / 2, lines.length);
    // the quiet zone's first line is all light
    assertTrue(lines[0].chars().allMatch(c -> c == '\u2588'));
    assertTrue(text.contains(" "), "dark modules are drawn as spaces");
  }

  @Test
  void badSizesAreRefused() {
    QrCode qr = new QrCode(CODE, Instant.EPOCH);
    assertThrows(GatewayException.ValidationException.class, () -> qr.png(5));
    assertThrows(GatewayException.ValidationException.class, () -> qr.png(100_000));
  }
}
