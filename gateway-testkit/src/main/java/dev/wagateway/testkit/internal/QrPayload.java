package dev.wagateway.testkit.internal;

import dev.wagateway.core.internal.pairing.QrCodes;
import java.util.Base64;

/**
 * What a phone reads from a pairing QR (docs/protocol/pairing.md §2.3): the ref, the companion's
 * noise and identity public keys, its ADV secret, and the client type when present. Accepts the
 * link form ({@code https://wa.me/settings/linked_devices#ref,noise,identity,adv,type}) and the
 * bare four-part form.
 */
public record QrPayload(
    String ref, byte[] noiseKey, byte[] identityKey, byte[] advSecret, String clientType) {

  /** Thrown for text that is not a pairing QR. */
  public static final class MalformedQrException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedQrException(String message) {
      super(message);
    }
  }

  public QrPayload {
    noiseKey = noiseKey.clone();
    identityKey = identityKey.clone();
    advSecret = advSecret.clone();
  }

  /** Parses a QR text. */
  public static QrPayload parse(String text) throws MalformedQrException {
    if (text == null || text.isBlank()) {
      throw new MalformedQrException("QR text is empty");
    }
    String body = text.strip();
    if (body.startsWith(QrCodes.LINK_PREFIX)) {
      body = body.substring(QrCodes.LINK_PREFIX.length());
    } else if (body.startsWith("http")) {
      throw new MalformedQrException("QR link does not start with " + QrCodes.LINK_PREFIX);
    }
    String[] parts = body.split(",", -1);
    if (parts.length != 4 && parts.length != 5) {
      throw new MalformedQrException("QR must have 4 or 5 comma-separated parts");
    }
    if (parts[0].isEmpty()) {
      throw new MalformedQrException("QR ref is empty");
    }
    byte[] noise = key(parts[1], "noise key");
    byte[] identity = key(parts[2], "identity key");
    byte[] adv = key(parts[3], "ADV secret");
    String type = parts.length == 5 ? parts[4] : null;
    if (type != null && type.length() != 1) {
      throw new MalformedQrException("QR client type must be one character");
    }
    return new QrPayload(parts[0], noise, identity, adv, type);
  }

  private static byte[] key(String b64, String what) throws MalformedQrException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new MalformedQrException("QR " + what + " is not Base64");
    }
    if (bytes.length != 32) {
      throw new MalformedQrException("QR " + what + " is not 32 bytes");
    }
    return bytes;
  }

  @Override
  public byte[] noiseKey() {
    return noiseKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public byte[] advSecret() {
    return advSecret.clone();
  }

  @Override
  public String toString() {
    return "QrPayload[clientType=" + clientType + "]";
  }
}
