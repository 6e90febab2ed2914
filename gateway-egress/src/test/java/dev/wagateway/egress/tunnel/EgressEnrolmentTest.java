package dev.wagateway.egress.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.egress.agent.EnrolmentPayload;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The dashboard's enrolment QR: the PNG decodes back to the QR string, which parses back. */
class EgressEnrolmentTest {
  @Test
  void pngDecodesToTheQrStringThatParsesBackToThePayload() throws Exception {
    EnrolmentPayload p =
        new EnrolmentPayload(
            "AQJrMQ" + "x".repeat(120),
            "https://gw.example.com",
            "/egress/agent",
            Instant.parse("2026-11-22T18:00:00Z"));
    byte[] png = EgressEnrolment.qrPng(p, 300);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int w = image.getWidth();
    int hgt = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, hgt, null, 0, w);
    String text =
        new QRCodeReader()
            .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, hgt, pixels))))
            .getText();
    assertEquals(EgressEnrolment.qrString(p), text);
    assertEquals(p, EnrolmentPayload.parse(text));
    assertThrows(ValidationException.class, () -> EgressEnrolment.qrPng(p, 10));
  }
}
