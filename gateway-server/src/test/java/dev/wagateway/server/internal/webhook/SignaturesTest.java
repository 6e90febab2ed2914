package dev.wagateway.server.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing matches the Standard Webhooks specification's example. */
class SignaturesTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void reproducesTheSpecificationExample() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        Signatures.sign(SECRET, ID, 1614265330, BODY));
  }

  @Test
  void everySecretAddsASpaceSeparatedSignature() {
    String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= "
            + Signatures.sign(other, ID, 1614265330, BODY),
        Signatures.header(List.of(SECRET, other), ID, 1614265330, BODY));
  }

  @Test
  void newSecretsAreStandardBase64OfThirtyTwoBytes() {
    String secret = Signatures.newSecret(new SecureRandom());
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
  }

  @Test
  void secretsIssuedAsUrlSafeBase64StillDecode() {
    byte[] raw = new byte[32];
    raw[0] = (byte) 0xfb; // encodes to '-' or '_' in the URL alphabet
    raw[1] = (byte) 0xff;
    String old = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertArrayEquals(raw, Signatures.key(old));
  }
}
