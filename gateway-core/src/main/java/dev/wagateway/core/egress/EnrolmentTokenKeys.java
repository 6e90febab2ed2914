package dev.wagateway.core.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HMAC keyring for {@link EnrolmentToken}: one current key that signs new tokens, plus older
 * keys that are still accepted when verifying. Immutable; rotation derives a new keyring.
 *
 * <p>Rotation: {@code keys.rotate("k2", newKey)} makes {@code k2} current and keeps the previous
 * current key as accepted; once every token it signed has expired (tokens are short-lived), {@code
 * keys.retire("k1")} drops it and its tokens stop verifying.
 *
 * <p>Key ids are 1 to 16 characters of {@code [A-Za-z0-9_-]}; keys are at least 32 bytes. {@link
 * #toString()} lists key ids only.
 */
public final class EnrolmentTokenKeys {
  /** Minimum key length in bytes (HMAC-SHA256 block security). */
  public static final int MIN_KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  private final String currentKeyId;

  /** Key id to key bytes, insertion ordered; includes the current key. */
  private final Map<String, byte[]> keys;

  private EnrolmentTokenKeys(String currentKeyId, Map<String, byte[]> keys) {
    this.currentKeyId = currentKeyId;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** A keyring with a single key, which is current. */
  public static EnrolmentTokenKeys of(String keyId, byte[] key) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    map.put(checkId(keyId), checkKey(key));
    return new EnrolmentTokenKeys(keyId, map);
  }

  /** Adds an older key that is accepted for verification but does not sign. */
  public EnrolmentTokenKeys withAccepted(String keyId, byte[] key) {
    checkId(keyId);
    if (keys.containsKey(keyId)) {
      throw new ValidationException("enrolment token key id already present: " + keyId);
    }
    Map<String, byte[]> map = new LinkedHashMap<>(keys);
    map.put(keyId, checkKey(key));
    return new EnrolmentTokenKeys(currentKeyId, map);
  }

  /** Makes a new key current; the previous current key stays accepted. */
  public EnrolmentTokenKeys rotate(String keyId, byte[] key) {
    EnrolmentTokenKeys added = withAccepted(keyId, key);
    return new EnrolmentTokenKeys(keyId, new LinkedHashMap<>(added.keys));
  }

  /** Drops an accepted key; tokens it signed no longer verify. The current key can't be retired. */
  public EnrolmentTokenKeys retire(String keyId) {
    if (Objects.equals(keyId, currentKeyId)) {
      throw new ValidationException("can't retire the current enrolment token key " + keyId);
    }
    if (!keys.containsKey(keyId)) {
      throw new ValidationException("no enrolment token key with id " + keyId);
    }
    Map<String, byte[]> map = new LinkedHashMap<>(keys);
    map.remove(keyId);
    return new EnrolmentTokenKeys(currentKeyId, map);
  }

  /** The id of the key that signs new tokens. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** Every accepted key id, current included. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  byte[] currentKey() {
    return keys.get(currentKeyId);
  }

  Optional<byte[]> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  static boolean isValidKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  private static String checkId(String keyId) {
    if (!isValidKeyId(keyId)) {
      throw new ValidationException(
          "enrolment token key id must be 1-16 characters of [A-Za-z0-9_-]");
    }
    return keyId;
  }

  private static byte[] checkKey(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new ValidationException(
          "enrolment token key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    return Arrays.copyOf(key, key.length);
  }

  @Override
  public String toString() {
    return "EnrolmentTokenKeys[current=" + currentKeyId + ", accepted=" + keys.keySet() + "]";
  }
}
