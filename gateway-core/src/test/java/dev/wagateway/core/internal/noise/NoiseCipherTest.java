package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class NoiseCipherTest {
  private final NoiseCipher.Keys keys = new NoiseCipher.Keys(filled(1), filled(2));

  @Test
  void initiatorAndResponderTalkBothWays() throws WireException {
    NoiseCipher client = NoiseCipher.forInitiator(keys);
    NoiseCipher server = NoiseCipher.forResponder(keys);
    for (int i = 0; i < 5; i++) {
      byte[] up = ("up " + i).getBytes(StandardCharsets.UTF_8);
      byte[] down = ("down " + i).getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(up, server.decrypt(client.encrypt(up)));
      assertArrayEquals(down, client.decrypt(server.encrypt(down)));
    }
  }

  @Test
  void eachDirectionUsesItsOwnKeyAndCounter() throws AEADBadTagException {
    NoiseCipher client = NoiseCipher.forInitiator(keys);
    client.encrypt(new byte[] {1});
    byte[] second = client.encrypt(new byte[] {2});
    assertArrayEquals(new byte[] {2}, Aead.open(keys.clientWrite(), 1, null, second));
    assertThrows(AEADBadTagException.class, () -> Aead.open(keys.clientRead(), 1, null, second));
  }

  @Test
  void aBadFrameFailsAsDecryptFailedAndStillAdvancesTheCounter() throws WireException {
    NoiseCipher client = NoiseCipher.forInitiator(keys);
    NoiseCipher server = NoiseCipher.forResponder(keys);
    byte[] first = server.encrypt(new byte[] {1});
    byte[] second = server.encrypt(new byte[] {2});
    first[first.length - 1] ^= 0x01;
    WireException e = assertThrows(WireException.class, () -> client.decrypt(first));
    assertEquals("decrypt_failed", e.code());
    assertArrayEquals(new byte[] {2}, client.decrypt(second));
    WireException shortFrame = assertThrows(WireException.class, () -> client.decrypt(new byte[3]));
    assertEquals("decrypt_failed", shortFrame.code());
  }

  @Test
  void framesOutOfOrderDoNotDecrypt() {
    NoiseCipher client = NoiseCipher.forInitiator(keys);
    NoiseCipher server = NoiseCipher.forResponder(keys);
    server.encrypt(new byte[] {1});
    byte[] second = server.encrypt(new byte[] {2});
    WireException e = assertThrows(WireException.class, () -> client.decrypt(second));
    assertEquals("decrypt_failed", e.code());
  }

  @Test
  void concurrentWritersNeverReuseACounter() throws Exception {
    NoiseCipher client = NoiseCipher.forInitiator(keys);
    int threads = 4;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<byte[]>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<byte[]> out = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    out.add(client.encrypt(new byte[] {7}));
                  }
                  return out;
                }));
      }
      // The plaintext is fixed, so each counter has exactly one possible ciphertext.
      Map<String, Integer> counterByCiphertext = new HashMap<>();
      for (int n = 0; n < threads * perThread; n++) {
        counterByCiphertext.put(
            HexFormat.of().formatHex(Aead.seal(keys.clientWrite(), n, null, new byte[] {7})), n);
      }
      BitSet used = new BitSet();
      for (Future<List<byte[]>> f : results) {
        for (byte[] ct : f.get(30, TimeUnit.SECONDS)) {
          Integer counter = counterByCiphertext.get(HexFormat.of().formatHex(ct));
          assertTrue(counter != null, "frame sealed under an unexpected counter");
          assertTrue(!used.get(counter), "counter reused: " + counter);
          used.set(counter);
        }
      }
      assertEquals(threads * perThread, used.cardinality());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void keysNeverPrintTheirBytes() {
    assertEquals("Keys[…]", keys.toString());
    assertThrows(
        IllegalArgumentException.class, () -> new NoiseCipher.Keys(new byte[31], filled(1)));
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
