package dev.wagateway.core;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.wagateway.core.GatewayException.ValidationException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws QR codes with zxing: PNG bytes, or Unicode half blocks for a terminal. */
public final class QrRenderer {
  private static final int QUIET_ZONE = 2;
  private static final int MAX_SIZE = 4096;

  private QrRenderer() {}

  /** The modules of {@code text} as a matrix (true = dark), without quiet zone. */
  static BitMatrix matrix(String text, int size) {
    if (text == null || text.isEmpty()) {
      throw new ValidationException("QR text must not be empty");
    }
    try {
      return new QRCodeWriter()
          .encode(
              text,
              BarcodeFormat.QR_CODE,
              size,
              size,
              Map.of(
                  EncodeHintType.MARGIN,
                  0,
                  EncodeHintType.ERROR_CORRECTION,
                  ErrorCorrectionLevel.L,
                  EncodeHintType.CHARACTER_SET,
                  "UTF-8"));
    } catch (WriterException e) {
      throw new ValidationException("text does not fit in a QR code: " + e.getMessage());
    }
  }

  /** A PNG (black on white, with a quiet zone) of about {@code size} pixels square. */
  public static byte[] png(String text, int size) {
    if (size < 21 || size > MAX_SIZE) {
      throw new ValidationException("QR image size must be 21.." + MAX_SIZE + " pixels");
    }
    BitMatrix modules = matrix(text, 0);
    int margin = QUIET_ZONE * 2;
    int total = modules.getWidth() + 2 * margin;
    int scale = Math.max(1, size / total);
    int pixels = total * scale;
    BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < pixels; y++) {
      for (int x = 0; x < pixels; x++) {
        int mx = x / scale - margin;
        int my = y / scale - margin;
        boolean dark =
            mx >= 0
                && my >= 0
                && mx < modules.getWidth()
                && my < modules.getHeight()
                && modules.get(mx, my);
        image.setRGB(x, y, dark ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The code as text: two module rows per line with {@code █ ▀ ▄} and spaces, light modules drawn
   * (so it scans on a dark terminal), with a quiet zone.
   */
  public static String terminal(String text) {
    BitMatrix modules = matrix(text, 0);
    int width = modules.getWidth() + 2 * QUIET_ZONE;
    int height = modules.getHeight() + 2 * QUIET_ZONE;
    StringBuilder out = new StringBuilder((width + 1) * (height / 2 + 1));
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x++) {
        boolean top = light(modules, x - QUIET_ZONE, y - QUIET_ZONE);
        boolean bottom = y + 1 >= height || light(modules, x - QUIET_ZONE, y + 1 - QUIET_ZONE);
        out.append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static boolean light(BitMatrix m, int x, int y) {
    return x < 0 || y < 0 || x >= m.getWidth() || y >= m.getHeight() || !m.get(x, y);
  }
}
