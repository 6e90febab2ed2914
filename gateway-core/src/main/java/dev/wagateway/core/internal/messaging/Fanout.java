package dev.wagateway.core.internal.messaging;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pairwise-encrypted part of an outgoing message: one {@code <to jid><enc/></to>} per device.
 *
 * @param participants the {@code to} nodes, in device order
 * @param anyPreKey whether any enc is a pkmsg (the stanza then needs {@code device-identity})
 * @param encryptedFor the devices that got an enc
 * @param failed devices that could not be encrypted for, with the reason code (they are skipped, as
 *     both reference clients do)
 */
public record Fanout(
    List<BinaryNode> participants,
    boolean anyPreKey,
    List<Jid> encryptedFor,
    Map<Jid, String> failed) {
  public Fanout {
    participants = List.copyOf(participants);
    encryptedFor = List.copyOf(encryptedFor);
    failed = Map.copyOf(Objects.requireNonNull(failed, "failed"));
  }

  /** No devices. */
  public static Fanout empty() {
    return new Fanout(List.of(), false, List.of(), Map.of());
  }
}
