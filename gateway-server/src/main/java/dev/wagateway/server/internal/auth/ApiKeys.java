package dev.wagateway.server.internal.auth;

import dev.wagateway.server.internal.store.ApiKeyStore;
import dev.wagateway.server.internal.store.ApiKeyStore.KeyRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issues and verifies API keys. A key reads {@code wg_live_<16 chars id><43 chars secret>} (or
 * {@code wg_test_...}): the id part finds the row, and the SHA-256 of the whole key is compared in
 * constant time with the stored hash. The key itself is returned once, at creation, and never
 * stored.
 */
public final class ApiKeys {
  static final int ID_CHARS = 16;
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final byte[] DUMMY_HASH = new byte[32];

  private final ApiKeyStore store;
  private final SecureRandom random;
  private final Clock clock;

  public ApiKeys(ApiKeyStore store, SecureRandom random, Clock clock) {
    this.store = store;
    this.random = random;
    this.clock = clock;
  }

  /** A new key: its stored row and the secret shown once. */
  public record Created(KeyRow row, String secret) {}

  public Created create(
      String orgId, String name, boolean testMode, Set<Capability> capabilities, Long expiresAt) {
    StringBuilder id = new StringBuilder(ID_CHARS);
    for (int i = 0; i < ID_CHARS; i++) {
      id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
    }
    String mode = testMode ? "test" : "live";
    String prefix = "wg_" + mode + "_" + id;
    String secret = prefix + Secrets.randomToken(random, 32);
    KeyRow row =
        new KeyRow(
            "key_" + id,
            orgId,
            name,
            prefix,
            mode,
            capabilities.stream()
                .map(Capability::wireName)
                .sorted()
                .collect(Collectors.joining(",")),
            Secrets.sha256(secret),
            clock.millis(),
            null,
            expiresAt);
    store.insert(row);
    return new Created(row, secret);
  }

  /** The principal for a presented {@code wg_...} key, or empty when it is not a valid key. */
  public Optional<Principal> verify(String presented) {
    Optional<KeyRow> row = Optional.empty();
    boolean shaped =
        presented.length() > 8 + ID_CHARS
            && (presented.startsWith("wg_live_") || presented.startsWith("wg_test_"));
    if (shaped) {
      row = store.get("key_" + presented.substring(8, 8 + ID_CHARS));
    }
    byte[] expected = row.map(KeyRow::secretHash).orElse(DUMMY_HASH);
    boolean match = Secrets.constantTimeEquals(Secrets.sha256(presented), expected);
    if (!match || row.isEmpty()) {
      return Optional.empty();
    }
    KeyRow key = row.get();
    if (key.expiresAt() != null && key.expiresAt() <= clock.millis()) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (key.lastUsedAt() == null || now - key.lastUsedAt() > 60_000) {
      store.touch(key.id(), now);
    }
    return Optional.of(
        new Principal(key.orgId(), key.id(), "test".equals(key.mode()), capabilities(key)));
  }

  static Set<Capability> capabilities(KeyRow row) {
    Set<Capability> out = EnumSet.noneOf(Capability.class);
    Arrays.stream(row.capabilities().split(","))
        .filter(s -> !s.isEmpty())
        .forEach(s -> out.add(Capability.fromWireName(s)));
    return out;
  }

  public static Set<Capability> capabilitiesOf(KeyRow row) {
    return capabilities(row);
  }
}
