package dev.wagateway.testkit;

import dev.wagateway.core.wire.BinaryNode;
import java.util.concurrent.CompletableFuture;

/**
 * A companion's {@code companion_hello} (docs/protocol/pairing.md §4.3) as the server keeps it
 * until the user enters the code on the phone: the phone number it named, the wrapped ephemeral
 * key, and the ref the server answered with. {@link #finish} completes with the companion's {@code
 * companion_finish}.
 */
final class CodeRequest {
  private final String phoneDigits;
  private final byte[] wrappedEphemeral;
  private final byte[] ref;
  private final String platformId;
  private final String platformDisplay;
  final CompletableFuture<BinaryNode> finish = new CompletableFuture<>();
  private volatile boolean used;

  CodeRequest(
      String phoneDigits,
      byte[] wrappedEphemeral,
      byte[] ref,
      String platformId,
      String platformDisplay) {
    this.phoneDigits = phoneDigits;
    this.wrappedEphemeral = wrappedEphemeral.clone();
    this.ref = ref.clone();
    this.platformId = platformId;
    this.platformDisplay = platformDisplay;
  }

  String phoneDigits() {
    return phoneDigits;
  }

  byte[] wrappedEphemeral() {
    return wrappedEphemeral.clone();
  }

  byte[] ref() {
    return ref.clone();
  }

  String platformId() {
    return platformId;
  }

  String platformDisplay() {
    return platformDisplay;
  }

  boolean used() {
    return used;
  }

  void markUsed() {
    used = true;
  }
}
