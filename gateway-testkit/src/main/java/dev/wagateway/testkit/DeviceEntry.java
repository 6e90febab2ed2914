package dev.wagateway.testkit;

import dev.wagateway.testkit.internal.PresentedPayload;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's record of one linked companion: the keys it registered with, the prekeys it
 * uploaded, and whether it is still linked. Guarded by the {@link Accounts} monitor.
 */
final class DeviceEntry {
  final SimulatedPhone phone;
  final String jid;
  final String lid;
  final int deviceId;
  final int keyIndex;
  final byte[] noiseKey;
  final byte[] identityKey;
  final int registrationId;
  final String os;
  final Instant linkedAt;
  final byte[] account;

  /** The per-companion {@code companion_enc_static} string of {@code success} (opaque). */
  final String encStatic;

  final Map<Integer, byte[]> preKeys = new TreeMap<>();
  int signedPreKeyId;
  byte[] signedPreKey;
  byte[] signedPreKeySignature;
  boolean linked = true;

  DeviceEntry(
      SimulatedPhone phone,
      String jid,
      String lid,
      int deviceId,
      int keyIndex,
      byte[] noiseKey,
      PresentedPayload.Registration registration,
      Instant linkedAt,
      byte[] account,
      String encStatic) {
    this.phone = phone;
    this.jid = jid;
    this.lid = lid;
    this.deviceId = deviceId;
    this.keyIndex = keyIndex;
    this.noiseKey = noiseKey.clone();
    this.identityKey = registration.identityKey();
    this.registrationId = registration.registrationId();
    this.os = registration.os();
    this.linkedAt = linkedAt;
    this.account = account.clone();
    this.encStatic = encStatic;
    this.signedPreKeyId = registration.signedPreKeyId();
    this.signedPreKey = registration.signedPreKey();
    this.signedPreKeySignature = registration.signedPreKeySignature();
  }

  /** A device as {@link SimulatorState} saved it. */
  DeviceEntry(
      SimulatedPhone phone,
      String jid,
      String lid,
      int deviceId,
      int keyIndex,
      byte[] noiseKey,
      byte[] identityKey,
      int registrationId,
      String os,
      Instant linkedAt,
      byte[] account,
      String encStatic) {
    this.phone = phone;
    this.jid = jid;
    this.lid = lid;
    this.deviceId = deviceId;
    this.keyIndex = keyIndex;
    this.noiseKey = noiseKey.clone();
    this.identityKey = identityKey.clone();
    this.registrationId = registrationId;
    this.os = os;
    this.linkedAt = linkedAt;
    this.account = account.clone();
    this.encStatic = encStatic;
  }

  LinkedDevice snapshot() {
    return new LinkedDevice(
        jid,
        lid,
        deviceId,
        keyIndex,
        phone.phoneDigits(),
        noiseKey,
        identityKey,
        registrationId,
        os,
        linkedAt,
        preKeys.size());
  }
}
