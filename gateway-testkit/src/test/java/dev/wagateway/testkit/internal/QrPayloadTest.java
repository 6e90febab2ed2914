package dev.wagateway.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.internal.pairing.CompanionPlatform;
import dev.wagateway.core.internal.pairing.QrCodes;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class QrPayloadTest {
  private final SecureRandom random = new SecureRandom();
  private final byte[] noise = bytes();
  private final byte[] identity = bytes();
  private final byte[] adv = bytes();

  @Test
  void readsTheLinkFormAndTheBareForm() throws Exception {
    QrPayload link =
        QrPayload.parse(QrCodes.link("2@abc==", noise, identity, adv, CompanionPlatform.FIREFOX));
    assertEquals("2@abc==", link.ref());
    assertArrayEquals(noise, link.noiseKey());
    assertArrayEquals(identity, link.identityKey());
    assertArrayEquals(adv, link.advSecret());
    assertEquals("3", link.clientType());

    QrPayload bare = QrPayload.parse(QrCodes.payload("2@abc==", noise, identity, adv));
    assertEquals("2@abc==", bare.ref());
    assertArrayEquals(adv, bare.advSecret());
    assertNull(bare.clientType());
  }

  @Test
  void refusesWhatIsNotAPairingQr() {
    String b64 = Base64.getEncoder().encodeToString(noise);
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    for (String bad :
        new String[] {
          "",
          "   ",
          "https://example.com/#r," + b64 + "," + b64 + "," + b64,
          "r," + b64 + "," + b64,
          ",".repeat(3),
          "r," + b64 + "," + b64 + "," + short16,
          "r," + b64 + ",!!notbase64!!," + b64,
          "r," + b64 + "," + b64 + "," + b64 + ",12",
          "r," + b64 + "," + b64 + "," + b64 + ",1,extra"
        }) {
      assertThrows(QrPayload.MalformedQrException.class, () -> QrPayload.parse(bad), bad);
    }
    assertThrows(QrPayload.MalformedQrException.class, () -> QrPayload.parse(null));
  }

  private byte[] bytes() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }
}
