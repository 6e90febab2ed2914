package dev.wagateway.core.internal.signal;

import java.util.Objects;

/**
 * One encrypted 1:1 message.
 *
 * @param type the {@code enc} node's {@code type} attribute: {@code "pkmsg"} or {@code "msg"}
 * @param ciphertext the {@code enc} node's content
 */
public record EncryptResult(String type, byte[] ciphertext) {
  public static final String PKMSG = "pkmsg";
  public static final String MSG = "msg";

  public EncryptResult {
    Objects.requireNonNull(type, "type");
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public boolean preKeyMessage() {
    return PKMSG.equals(type);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptResult r
        && type.equals(r.type)
        && java.util.Arrays.equals(ciphertext, r.ciphertext);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + java.util.Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "EncryptResult[type=" + type + ", length=" + ciphertext.length + "]";
  }
}
