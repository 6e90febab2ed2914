package dev.wagateway.core.internal.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import org.junit.jupiter.api.Test;

class PaddingTest {
  @Test
  void padLengthComesFromTheLowNibblePlusOne() {
    byte[] message = {10, 20, 30};
    for (int draw : new int[] {0x00, 0x0F, 0x11, 0x6A, 0xD0, 0xFF}) {
      byte[] padded = Padding.pad(message, new ScriptedRandom(new byte[] {(byte) draw}));
      int n = (draw & 0x0F) + 1;
      assertEquals(message.length + n, padded.length);
      for (int i = message.length; i < padded.length; i++) {
        assertEquals(n, padded[i]);
      }
      assertArrayEquals(message, Padding.unpad(padded));
    }
  }

  @Test
  void malformedPaddingIsRejected() {
    for (byte[] bad :
        new byte[][] {{}, {1, 2, 0}, {1, 5}, {1, 2, 3, 2}, {9, 9, 9, 9, 3, 3, 4, 3}}) {
      CryptoException e = assertThrows(CryptoException.class, () -> Padding.unpad(bad));
      assertEquals(ErrorCode.INVALID_MESSAGE, e.errorCode());
    }
    assertArrayEquals(new byte[] {7}, Padding.unpad(new byte[] {7, 2, 2}));
    assertArrayEquals(new byte[0], Padding.unpad(new byte[] {1}));
  }
}
