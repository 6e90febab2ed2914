package dev.wagateway.egress.tunnel;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** The enrolment QR code for the dashboard: the string it encodes and a PNG of it. */
public final class EgressEnrolment {
  private EgressEnrolment() {}

  /** The string the QR code encodes: {@code wagateway-egress:1:<base64url(JSON)>}. */
  public static String qrString(EnrolmentPayload enrolment) {
    return enrolment.toQrString();
  }

  /**
   * A black-on-white PNG of the enrolment QR code (error correction M, 4-module quiet zone), about
   * {@code sizePx} pixels square (64..2048).
   */
  public static byte[] qrPng(EnrolmentPayload enrolment, int sizePx) {
    if (sizePx < 64 || sizePx > 2048) {
      throw new ValidationException("QR size must be 64..2048 pixels, got " + sizePx);
    }
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  qrString(enrolment),
                  BarcodeFormat.QR_CODE,
                  sizePx,
                  sizePx,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      4));
    } catch (WriterException e) {
      throw new ValidationException("enrolment payload does not fit a QR code");
    }
    BufferedImage image =
        new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        image.setRGB(x, y, matrix.get(x, y) ? 0xff000000 : 0xffffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed", e);
    }
    return out.toByteArray();
  }
}
