package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.wire.Jid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The participant hash {@code phash} (docs/protocol/messaging.md §4.4, whatsmeow's
 * participantListHashV2): {@code "2:"} + unpadded base64 of the first 6 bytes of SHA-256 over the
 * sorted, concatenated AD strings ({@code user.agent:device@server}) of every device the message
 * was encrypted for, ours included.
 */
final class ParticipantHash {
  private ParticipantHash() {}

  public static String of(Collection<Jid> devices) {
    List<String> ads = new ArrayList<>(devices.size());
    for (Jid d : devices) {
      ads.add(d.adString());
    }
    ads.sort(null);
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("", ads).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
    return "2:" + Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 6));
  }
}
