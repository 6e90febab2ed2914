package dev.wagateway.testkit;

import dev.wagateway.core.wire.Jid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The simulator's in-memory account database: phones, linked devices, which connection is logged in
 * as which device, and forced login failures. It outlives every client connection, so a client host
 * that restarts finds its pairing again. One monitor guards everything; waits are bounded.
 */
final class Accounts {
  /** A login failure forced by a test. */
  record ForcedFailure(int reason, Map<String, String> attrs) {}

  private final Map<String, SimulatedPhone> phones = new LinkedHashMap<>();
  private final Map<String, DeviceEntry> devices = new LinkedHashMap<>();
  private final List<SimulatedConnection> registrations = new ArrayList<>();
  private final List<SimulatedConnection> logins = new ArrayList<>();
  private final List<SimulatedConnection> attempts = new ArrayList<>();
  private final Map<String, ForcedFailure> forcedFailures = new LinkedHashMap<>();

  synchronized SimulatedPhone addPhone(String digits, Supplier<SimulatedPhone> factory) {
    if (phones.containsKey(digits)) {
      throw new dev.wagateway.core.GatewayException.ValidationException(
          "a phone with number " + digits + " already exists");
    }
    SimulatedPhone phone = factory.get();
    phones.put(digits, phone);
    return phone;
  }

  /** Puts back a phone {@link SimulatorState} saved. */
  synchronized void restore(SimulatedPhone phone) {
    phones.put(phone.phoneDigits(), phone);
  }

  synchronized List<SimulatedPhone> phones() {
    return List.copyOf(phones.values());
  }

  /** Every device entry, linked or not; read their fields under this monitor. */
  synchronized List<DeviceEntry> devices() {
    return List.copyOf(devices.values());
  }

  synchronized Optional<SimulatedPhone> phone(String digits) {
    return Optional.ofNullable(phones.get(digits));
  }

  synchronized void link(DeviceEntry entry) {
    devices.put(entry.jid, entry);
    notifyAll();
  }

  /** Marks the device unlinked; returns its open logged-in connections. */
  synchronized List<SimulatedConnection> unlink(String deviceJid) {
    DeviceEntry entry = devices.get(deviceJid);
    if (entry != null) {
      entry.linked = false;
    }
    // Every attempt that authenticated as this device, including one whose success has gone out
    // but which is not yet registered in {@code logins}: an unlink must reach it too.
    List<SimulatedConnection> open = new ArrayList<>();
    for (SimulatedConnection c : attempts) {
      if (deviceJid.equals(c.loginJid()) && c.isOpen()) {
        open.add(c);
      }
    }
    notifyAll();
    return open;
  }

  synchronized DeviceEntry device(String deviceJid) {
    return devices.get(deviceJid);
  }

  /** The linked device with this noise key and JID, or null. */
  synchronized DeviceEntry authenticate(String deviceJid, byte[] noiseKey) {
    DeviceEntry entry = devices.get(deviceJid);
    if (entry == null || !entry.linked || !Arrays.equals(entry.noiseKey, noiseKey)) {
      return null;
    }
    return entry;
  }

  synchronized List<LinkedDevice> linkedDevices(SimulatedPhone phoneOrNull) {
    List<LinkedDevice> out = new ArrayList<>();
    for (DeviceEntry e : devices.values()) {
      if (e.linked && (phoneOrNull == null || e.phone == phoneOrNull)) {
        out.add(e.snapshot());
      }
    }
    return List.copyOf(out);
  }

  synchronized void forceFailure(String jid, ForcedFailure failure) {
    if (failure == null) {
      forcedFailures.remove(jid);
    } else {
      forcedFailures.put(jid, failure);
    }
  }

  /** A forced failure for this device JID, or for its user. */
  synchronized ForcedFailure forcedFailure(String deviceJid) {
    ForcedFailure exact = forcedFailures.get(deviceJid);
    if (exact != null) {
      return exact;
    }
    return forcedFailures.get(userOf(deviceJid));
  }

  synchronized void registered(SimulatedConnection connection) {
    registrations.add(connection);
    registrations.removeIf(c -> !c.isOpen() && c != connection);
    notifyAll();
  }

  /** The open connections logged in as this device. */
  synchronized List<SimulatedConnection> openLogins(String deviceJid) {
    List<SimulatedConnection> open = new ArrayList<>();
    for (SimulatedConnection c : logins) {
      if (deviceJid.equals(c.loginJid()) && c.isOpen()) {
        open.add(c);
      }
    }
    return open;
  }

  /** Records {@code connection} as logged in (after its success went out). */
  synchronized void loggedIn(SimulatedConnection connection) {
    logins.add(connection);
    notifyAll();
  }

  synchronized void changed() {
    notifyAll();
  }

  /** Open registration connections whose handshake used this noise key, newest first. */
  synchronized List<SimulatedConnection> registrationsByNoiseKey(byte[] noiseKey) {
    List<SimulatedConnection> out = new ArrayList<>();
    for (int i = registrations.size() - 1; i >= 0; i--) {
      SimulatedConnection c = registrations.get(i);
      if (c.isOpen() && Arrays.equals(c.clientStaticKey(), noiseKey)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The newest open registration connection with a pending code request for this phone. */
  synchronized SimulatedConnection codeRequestFor(String digits) {
    for (int i = registrations.size() - 1; i >= 0; i--) {
      SimulatedConnection c = registrations.get(i);
      CodeRequest request = c.codeRequest();
      if (c.isOpen()
          && request != null
          && !request.used()
          && request.phoneDigits().equals(digits)) {
        return c;
      }
    }
    return null;
  }

  /** Records a connection whose login payload named a device, before it is answered. */
  synchronized void loginAttempt(SimulatedConnection connection) {
    attempts.add(connection);
    notifyAll();
  }

  synchronized List<SimulatedConnection> connectionsFor(String jid) {
    List<SimulatedConnection> out = new ArrayList<>();
    for (SimulatedConnection c : attempts) {
      if (matches(c.claimedJid(), jid)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  synchronized SimulatedConnection awaitLogin(String jid, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = logins.size() - 1; i >= 0; i--) {
        SimulatedConnection c = logins.get(i);
        if (c.isOpen() && matches(c.loginJid(), jid)) {
          return c;
        }
      }
      if (!waitUntil(deadline)) {
        return null;
      }
    }
  }

  synchronized SimulatedConnection awaitRegistration(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = registrations.size() - 1; i >= 0; i--) {
        SimulatedConnection c = registrations.get(i);
        if (c.isOpen() && c.pairDeviceAcked() && !c.pairingStarted()) {
          return c;
        }
      }
      if (!waitUntil(deadline)) {
        return null;
      }
    }
  }

  synchronized SimulatedConnection awaitCodeRequest(String digits, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      SimulatedConnection c = codeRequestFor(digits);
      if (c != null) {
        return c;
      }
      if (!waitUntil(deadline)) {
        return null;
      }
    }
  }

  @SuppressWarnings("WaitNotInLoop") // every caller loops on its condition around this wait
  private boolean waitUntil(long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    long millis = Math.max(1, Math.min(left / 1_000_000, 100));
    wait(millis);
    return true;
  }

  /** {@code jid} names this device exactly, or is its user JID (any device). */
  static boolean matches(String loginJid, String jid) {
    if (loginJid == null || jid == null) {
      return false;
    }
    return loginJid.equals(jid) || (!jid.contains(":") && userOf(loginJid).equals(jid));
  }

  static String userOf(String deviceJid) {
    try {
      return Jid.parse(deviceJid).toNonAd().toString();
    } catch (RuntimeException e) {
      return deviceJid;
    }
  }
}
