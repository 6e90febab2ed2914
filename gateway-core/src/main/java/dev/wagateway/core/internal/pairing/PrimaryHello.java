package dev.wagateway.core.internal.pairing;

/**
 * The parts of the server's {@code <notification type="link_code_companion_reg">} at stage {@code
 * primary_hello} (docs/protocol/pairing.md §4.4): the user typed the code on the phone.
 *
 * @param notificationId the notification id, echoed by its ack
 * @param ref {@code link_code_pairing_ref}: must equal the ref of our {@code companion_hello}
 * @param wrappedPrimaryEphemeral {@code link_code_pairing_wrapped_primary_ephemeral_pub} (≥ 80
 *     bytes)
 * @param primaryIdentityPublicKey {@code primary_identity_pub} (32 bytes)
 */
public record PrimaryHello(
    String notificationId,
    byte[] ref,
    byte[] wrappedPrimaryEphemeral,
    byte[] primaryIdentityPublicKey) {
  public PrimaryHello {
    ref = ref.clone();
    wrappedPrimaryEphemeral = wrappedPrimaryEphemeral.clone();
    primaryIdentityPublicKey = primaryIdentityPublicKey.clone();
  }

  @Override
  public byte[] ref() {
    return ref.clone();
  }

  @Override
  public byte[] wrappedPrimaryEphemeral() {
    return wrappedPrimaryEphemeral.clone();
  }

  @Override
  public byte[] primaryIdentityPublicKey() {
    return primaryIdentityPublicKey.clone();
  }

  @Override
  public String toString() {
    return "PrimaryHello[id=" + notificationId + "]";
  }
}
