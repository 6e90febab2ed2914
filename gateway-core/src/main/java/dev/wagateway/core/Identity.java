package dev.wagateway.core;

import java.util.Objects;

/**
 * The linked account as this session knows it.
 *
 * @param jid our own device JID, e.g. {@code 15551234567:12@s.whatsapp.net}
 * @param lid our LID device JID, e.g. {@code 123456789012345:12@lid}, or null when unknown
 * @param deviceId the device number the server gave this companion (the {@code :12})
 * @param phone the account's phone number in E.164, with {@code +}
 * @param pushName the account's push name, or null until known
 * @param platform the primary phone's platform from pairing (e.g. {@code android}), or null
 */
public record Identity(
    String jid, String lid, int deviceId, String phone, String pushName, String platform) {
  public Identity {
    Objects.requireNonNull(jid, "jid");
    Objects.requireNonNull(phone, "phone");
  }
}
