package dev.wagateway.testkit;

import dev.wagateway.core.store.KeyPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's accounts on disk ({@link WaSimulator.Builder#dataDirectory}): every phone (its
 * account identity key pair and ids) and every linked device (the keys it registered with, its
 * uploaded prekeys, linked or not), so a restarted simulator lets the devices it linked log in
 * again. One file, {@code accounts.bin}, rewritten whole through a temporary file and an atomic
 * move, so a crash leaves the old or the new copy, never a torn one. Contacts keep their Signal
 * state in their own SQLite stores beside it ({@code contacts/<digits>}).
 */
final class SimulatorState {
  static final String FILE = "accounts.bin";
  private static final int MAGIC = 0x57415331; // "WAS1"

  private SimulatorState() {}

  /** Writes the accounts to {@code dir}; the devices' fields are read under the accounts' lock. */
  static void save(Path dir, Accounts accounts) {
    byte[] bytes;
    synchronized (accounts) {
      bytes = encode(accounts);
    }
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp,
            dir.resolve(FILE),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the simulator's accounts", e);
    }
  }

  /** Reads the accounts saved in {@code dir} into {@code accounts}; nothing when none are. */
  static void load(Path dir, WaSimulator simulator, Accounts accounts, SecureRandom random) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a simulator accounts file: " + file);
      }
      Map<String, SimulatedPhone> phones = new HashMap<>();
      int phoneCount = in.readInt();
      for (int i = 0; i < phoneCount; i++) {
        SimulatedPhone.Saved saved =
            new SimulatedPhone.Saved(
                in.readUTF(),
                text(in),
                new KeyPair(bytes(in), bytes(in)),
                in.readInt(),
                in.readUTF(),
                in.readInt(),
                in.readUTF(),
                text(in),
                in.readBoolean());
        SimulatedPhone phone = new SimulatedPhone(simulator, accounts, random, saved);
        accounts.restore(phone);
        phones.put(saved.phoneDigits(), phone);
      }
      int deviceCount = in.readInt();
      for (int i = 0; i < deviceCount; i++) {
        SimulatedPhone phone = phones.get(in.readUTF());
        if (phone == null) {
          throw new IOException("a device of an unknown phone in " + file);
        }
        DeviceEntry entry =
            new DeviceEntry(
                phone,
                in.readUTF(),
                text(in),
                in.readInt(),
                in.readInt(),
                bytes(in),
                bytes(in),
                in.readInt(),
                text(in),
                Instant.ofEpochMilli(in.readLong()),
                bytes(in),
                in.readUTF());
        entry.signedPreKeyId = in.readInt();
        entry.signedPreKey = bytes(in);
        entry.signedPreKeySignature = bytes(in);
        entry.linked = in.readBoolean();
        int preKeys = in.readInt();
        for (int k = 0; k < preKeys; k++) {
          entry.preKeys.put(in.readInt(), bytes(in));
        }
        accounts.link(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the simulator's accounts", e);
    }
  }

  private static byte[] encode(Accounts accounts) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(MAGIC);
      List<SimulatedPhone> phones = accounts.phones();
      out.writeInt(phones.size());
      for (SimulatedPhone phone : phones) {
        SimulatedPhone.Saved s = phone.saved();
        out.writeUTF(s.phoneDigits());
        text(out, s.pushName());
        bytes(out, s.identity().publicKey());
        bytes(out, s.identity().privateKey());
        out.writeInt(s.rawId());
        out.writeUTF(s.lidUser());
        out.writeInt(s.nextDeviceId());
        out.writeUTF(s.platform());
        text(out, s.businessName());
        out.writeBoolean(s.hosted());
      }
      List<DeviceEntry> devices = new ArrayList<>(accounts.devices());
      out.writeInt(devices.size());
      for (DeviceEntry d : devices) {
        out.writeUTF(d.phone.phoneDigits());
        out.writeUTF(d.jid);
        text(out, d.lid);
        out.writeInt(d.deviceId);
        out.writeInt(d.keyIndex);
        bytes(out, d.noiseKey);
        bytes(out, d.identityKey);
        out.writeInt(d.registrationId);
        text(out, d.os);
        out.writeLong(d.linkedAt.toEpochMilli());
        bytes(out, d.account);
        out.writeUTF(d.encStatic);
        out.writeInt(d.signedPreKeyId);
        bytes(out, d.signedPreKey);
        bytes(out, d.signedPreKeySignature);
        out.writeBoolean(d.linked);
        out.writeInt(d.preKeys.size());
        for (Map.Entry<Integer, byte[]> k : d.preKeys.entrySet()) {
          out.writeInt(k.getKey());
          bytes(out, k.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String text(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void bytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    byte[] value = new byte[in.readInt()];
    in.readFully(value);
    return value;
  }
}
