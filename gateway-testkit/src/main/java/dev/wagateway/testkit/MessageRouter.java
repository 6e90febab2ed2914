package dev.wagateway.testkit;

import dev.wagateway.core.internal.signal.PreKeyBundle;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.testkit.internal.ServerStanzas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's messaging server (docs/protocol/messaging.md §2–§3): usync device lists,
 * prekey-bundle fetches from what clients uploaded and from simulated contacts, routing of {@code
 * message} stanzas to the addressed devices (logged-in connections, queued while offline, or
 * contacts), server acks, and receipts forwarded to the original sender. Runs on the connection
 * reader that received the node.
 */
final class MessageRouter {
  private final WaSimulator simulator;
  private final Accounts accounts;
  private final Map<String, SimulatedContact> contacts = new ConcurrentHashMap<>();

  /** Stanzas for linked devices that were offline, by device JID, in order. */
  private final Map<String, List<BinaryNode>> offline = new LinkedHashMap<>();

  /** Messages handed to a device and not yet acknowledged by it (ack or receipt), by device. */
  private final Map<String, Map<String, BinaryNode>> unacked = new LinkedHashMap<>();

  /** Devices whose acks and receipts are lost (as if the process died before sending them). */
  private final Set<String> losingAcks = ConcurrentHashMap.newKeySet();

  MessageRouter(WaSimulator simulator, Accounts accounts) {
    this.simulator = simulator;
    this.accounts = accounts;
  }

  void addContact(SimulatedContact contact) {
    if (contacts.putIfAbsent(contact.jid(), contact) != null
        || accounts.phone(contact.phoneDigits()).isPresent()) {
      throw new dev.wagateway.core.GatewayException.ValidationException(
          "an account with number " + contact.phoneDigits() + " already exists");
    }
  }

  SimulatedContact contact(String userJid) {
    return contacts.get(userJid);
  }

  // ---- device lists and bundles ----

  /** Every device of a user (no device part): a contact's device 0, a phone's linked devices. */
  List<Jid> devicesOf(Jid user) {
    String key = user.toNonAd().toString();
    List<Jid> out = new ArrayList<>();
    SimulatedContact contact = contacts.get(key);
    if (contact != null) {
      out.add(contact.deviceJid());
      return out;
    }
    for (LinkedDevice d : accounts.linkedDevices(null)) {
      if (Accounts.userOf(d.jid()).equals(key)) {
        out.add(Jid.parse(d.jid()));
      }
    }
    return out;
  }

  /** The bundle of a device (consuming one uploaded one-time prekey), or null. */
  PreKeyBundle bundle(Jid device) {
    SimulatedContact contact = contacts.get(device.toNonAd().toString());
    if (contact != null) {
      return device.device() == 0 ? contact.takeBundle() : null;
    }
    PreKeyBundle bundle;
    int left;
    synchronized (accounts) {
      DeviceEntry entry = accounts.device(device.toString());
      if (entry == null || !entry.linked) {
        return null;
      }
      Iterator<Map.Entry<Integer, byte[]>> it = entry.preKeys.entrySet().iterator();
      OptionalInt id = OptionalInt.empty();
      byte[] key = null;
      if (it.hasNext()) {
        Map.Entry<Integer, byte[]> first = it.next();
        id = OptionalInt.of(first.getKey());
        key = first.getValue();
        it.remove();
      }
      bundle =
          new PreKeyBundle(
              entry.registrationId,
              entry.identityKey,
              entry.signedPreKeyId,
              entry.signedPreKey,
              entry.signedPreKeySignature,
              id,
              key);
      left = entry.preKeys.size();
    }
    notifyIfLow(device.toString(), left);
    return bundle;
  }

  /**
   * Below this many one-time prekeys the server tells the device (docs/protocol/messaging.md §7.1).
   */
  static final int LOW_PREKEYS = 5;

  /** Removes up to {@code count} uploaded prekeys of a device, as other users' fetches would. */
  int takePreKeys(String deviceJid, int count) {
    int left;
    synchronized (accounts) {
      DeviceEntry entry = accounts.device(deviceJid);
      if (entry == null) {
        return 0;
      }
      Iterator<Integer> it = entry.preKeys.keySet().iterator();
      for (int i = 0; i < count && it.hasNext(); i++) {
        it.next();
        it.remove();
      }
      left = entry.preKeys.size();
    }
    notifyIfLow(deviceJid, left);
    return left;
  }

  private void notifyIfLow(String deviceJid, int left) {
    if (left >= LOW_PREKEYS) {
      return;
    }
    BinaryNode notification =
        BinaryNode.newBuilder("notification")
            .attr("from", "s.whatsapp.net")
            .attr("type", "encrypt")
            .attr("id", simulator.nextId())
            .attr("t", Long.toString(simulator.now().getEpochSecond()))
            .child(BinaryNode.newBuilder("count").attr("value", Integer.toString(left)).build())
            .build();
    for (SimulatedConnection c : accounts.openLogins(deviceJid)) {
      c.send(notification);
    }
  }

  Map<Jid, PreKeyBundle> bundles(List<Jid> devices) {
    Map<Jid, PreKeyBundle> out = new LinkedHashMap<>();
    for (Jid d : devices) {
      PreKeyBundle b = bundle(d);
      if (b != null) {
        out.put(d, b);
      }
    }
    return out;
  }

  // ---- iqs ----

  void usync(SimulatedConnection connection, BinaryNode iq) {
    BinaryNode usync = iq.child("usync");
    BinaryNode list = usync == null ? null : usync.child("list");
    if (list == null) {
      connection.send(ServerStanzas.error(iq.attr("id"), 400, "bad-request"));
      return;
    }
    List<BinaryNode> users = new ArrayList<>();
    for (BinaryNode user : list.children("user")) {
      Jid jid = Jid.parse(user.attr("jid"));
      List<BinaryNode> devices = new ArrayList<>();
      for (Jid d : devicesOf(jid)) {
        BinaryNode.Builder b =
            BinaryNode.newBuilder("device").attr("id", Integer.toString(d.device()));
        if (d.device() != 0) {
          b.attr("key-index", Integer.toString(d.device()));
        }
        devices.add(b.build());
      }
      users.add(
          BinaryNode.newBuilder("user")
              .attr("jid", jid.toNonAd())
              .child(
                  BinaryNode.newBuilder("devices")
                      .child(BinaryNode.newBuilder("device-list").children(devices).build())
                      .build())
              .build());
    }
    BinaryNode answer =
        BinaryNode.newBuilder("usync")
            .attr("sid", usync.attr("sid") == null ? "" : usync.attr("sid"))
            .child(BinaryNode.newBuilder("list").children(users).build())
            .build();
    connection.send(ServerStanzas.result(iq.attr("id"), answer));
  }

  void preKeyFetch(SimulatedConnection connection, BinaryNode iq) {
    List<BinaryNode> users = new ArrayList<>();
    for (BinaryNode user : iq.child("key").children("user")) {
      Jid device = Jid.parse(user.attr("jid"));
      PreKeyBundle bundle = bundle(device);
      BinaryNode.Builder u = BinaryNode.newBuilder("user").attr("jid", device);
      if (bundle == null) {
        u.child(
            BinaryNode.newBuilder("error")
                .attr("code", "404")
                .attr("text", "item-not-found")
                .build());
      } else {
        u.child(bytes("registration", be(bundle.registrationId(), 4)))
            .child(bytes("type", new byte[] {5}))
            .child(bytes("identity", raw(bundle.identityKey())));
        if (bundle.preKeyId().isPresent()) {
          u.child(
              BinaryNode.newBuilder("key")
                  .child(bytes("id", be(bundle.preKeyId().getAsInt(), 3)))
                  .child(bytes("value", raw(bundle.preKey())))
                  .build());
        }
        u.child(
            BinaryNode.newBuilder("skey")
                .child(bytes("id", be(bundle.signedPreKeyId(), 3)))
                .child(bytes("value", raw(bundle.signedPreKey())))
                .child(bytes("signature", bundle.signedPreKeySignature()))
                .build());
      }
      users.add(u.build());
    }
    connection.send(
        ServerStanzas.result(iq.attr("id"), BinaryNode.newBuilder("list").children(users).build()));
  }

  // ---- groups ----

  private final Map<String, List<String>> groups = new ConcurrentHashMap<>();

  void addGroup(String groupJid, List<String> memberUsers) {
    groups.put(groupJid, List.copyOf(memberUsers));
  }

  List<String> members(String groupJid) {
    return groups.getOrDefault(groupJid, List.of());
  }

  /** {@code <iq xmlns="w:g2" type="get" to=group><query/></iq>}: the group's participants. */
  void groupMetadata(SimulatedConnection connection, BinaryNode iq) {
    String group = iq.attr("to");
    List<String> members = groups.get(group);
    if (members == null) {
      connection.send(ServerStanzas.error(iq.attr("id"), 404, "item-not-found"));
      return;
    }
    List<BinaryNode> participants = new ArrayList<>();
    for (String m : members) {
      participants.add(BinaryNode.newBuilder("participant").attr("jid", m).build());
    }
    connection.send(
        ServerStanzas.result(
            iq.attr("id"),
            BinaryNode.newBuilder("group")
                .attr("id", Jid.parse(group).user())
                .attr("subject", "group")
                .attr("addressing_mode", "pn")
                .children(participants)
                .build()));
  }

  /** Hands a group message to every device of every member but the sending device. */
  void routeGroup(BinaryNode message, Jid from, String pushName, long now) {
    Jid group = Jid.parse(message.attr("to"));
    Map<String, BinaryNode> carriers = new LinkedHashMap<>();
    BinaryNode participants = message.child("participants");
    if (participants != null) {
      for (BinaryNode to : participants.children("to")) {
        carriers.put(Jid.parse(to.attr("jid")).toString(), to.child("enc"));
      }
    }
    BinaryNode skmsg = null;
    for (BinaryNode enc : message.children("enc")) {
      if ("skmsg".equals(enc.attr("type"))) {
        skmsg = enc;
      }
    }
    BinaryNode deviceIdentity = message.child("device-identity");
    for (String member : members(group.toString())) {
      for (Jid device : devicesOf(Jid.parse(member))) {
        if (device.toString().equals(from.toString())) {
          continue;
        }
        BinaryNode.Builder b =
            BinaryNode.newBuilder("message")
                .attr("from", group)
                .attr("participant", from)
                .attr("id", message.attr("id"))
                .attr("t", Long.toString(now))
                .attr("type", message.attr("type") == null ? "text" : message.attr("type"));
        if (pushName != null) {
          b.attr("notify", pushName);
        }
        BinaryNode carrier = carriers.get(device.toString());
        if (carrier != null) {
          b.child(carrier);
          if (deviceIdentity != null && "pkmsg".equals(carrier.attr("type"))) {
            b.child(deviceIdentity);
          }
        }
        if (skmsg != null) {
          b.child(skmsg);
        }
        deliver(device, b.build());
      }
    }
  }

  // ---- message stanzas ----

  /** A client's message: ack it, then hand every enc to its device. */
  void onClientMessage(SimulatedConnection connection, BinaryNode message) {
    String senderDevice = connection.loginJid();
    long now = simulator.now().getEpochSecond();
    String id = message.attr("id");
    Jid to = Jid.parse(message.attr("to"));
    BinaryNode deviceIdentity = message.child("device-identity");
    Jid from = Jid.parse(senderDevice);
    String pushName = pushNameOf(senderDevice);
    // the server acknowledges a message as soon as it has taken it, before fanning it out
    connection.send(
        BinaryNode.newBuilder("ack")
            .attr("class", "message")
            .attr("id", id)
            .attr("from", to)
            .attr("t", Long.toString(now))
            .build());
    if (to.isGroup()) {
      routeGroup(message, from, pushName, now);
    } else {
      List<BinaryNode> targets = new ArrayList<>();
      BinaryNode participants = message.child("participants");
      if (participants != null) {
        targets.addAll(participants.children("to"));
      } else if (message.child("enc") != null) {
        // a retry resend: the enc goes to the one device named in to
        targets.add(
            BinaryNode.newBuilder("to").attr("jid", to).child(message.child("enc")).build());
      }
      for (BinaryNode target : targets) {
        Jid device = Jid.parse(target.attr("jid"));
        BinaryNode enc = target.child("enc");
        BinaryNode.Builder b =
            BinaryNode.newBuilder("message")
                .attr("from", from)
                .attr("id", id)
                .attr("t", Long.toString(now))
                .attr("type", message.attr("type") == null ? "text" : message.attr("type"));
        if (message.attr("edit") != null) {
          b.attr("edit", message.attr("edit"));
        }
        if (pushName != null) {
          b.attr("notify", pushName);
        }
        if (device.user().equals(from.user()) && device.server().equals(from.server())) {
          b.attr("recipient", to.toNonAd());
        }
        b.child(enc);
        if (deviceIdentity != null && "pkmsg".equals(enc.attr("type"))) {
          b.child(deviceIdentity);
        }
        deliver(device, b.build());
      }
    }
  }

  void loseAcks(String deviceJid, boolean lose) {
    if (lose) {
      losingAcks.add(deviceJid);
    } else {
      losingAcks.remove(deviceJid);
    }
  }

  /** A client's ack: a message it acknowledges is no longer redelivered. */
  void onClientAck(SimulatedConnection connection, BinaryNode ack) {
    if ("call".equals(ack.attr("class"))) {
      forwardToContact(connection, ack);
      return;
    }
    String device = connection.loginJid();
    if (device == null || losingAcks.contains(device) || !"message".equals(ack.attr("class"))) {
      return;
    }
    acknowledged(device, ack.attr("id"));
  }

  private void acknowledged(String device, String id) {
    synchronized (offline) {
      Map<String, BinaryNode> pending = unacked.get(device);
      if (pending != null && id != null) {
        pending.remove(id);
      }
    }
  }

  /**
   * A client's {@code <call>} (a reject): the server acks it and hands it to the contact it is
   * addressed to.
   */
  void onClientCall(SimulatedConnection connection, BinaryNode call) {
    connection.send(ServerStanzas.ack(call, simulator.now().getEpochSecond()));
    forwardToContact(connection, call);
  }

  private void forwardToContact(SimulatedConnection connection, BinaryNode stanza) {
    String to = stanza.attr("to");
    if (connection.loginJid() == null || to == null) {
      return;
    }
    SimulatedContact contact;
    try {
      contact = contacts.get(Jid.parse(to).toNonAd().toString());
    } catch (RuntimeException e) {
      return;
    }
    if (contact != null) {
      contact.received(stanza.withAttr("from", connection.loginJid()));
    }
  }

  /** A client's receipt: ack it and forward it to the device that sent the message. */
  void onClientReceipt(SimulatedConnection connection, BinaryNode receipt) {
    if (connection.loginJid() != null && losingAcks.contains(connection.loginJid())) {
      return;
    }
    if (!"retry".equals(receipt.attr("type"))) {
      acknowledged(connection.loginJid(), receipt.attr("id"));
    }
    connection.send(ServerStanzas.ack(receipt, simulator.now().getEpochSecond()));
    String to = receipt.attr("to");
    if (to == null) {
      return;
    }
    Jid target = Jid.parse(to);
    Jid reader = Jid.parse(connection.loginJid());
    BinaryNode.Builder b = BinaryNode.newBuilder("receipt");
    for (Map.Entry<String, String> a : receipt.attrs().entrySet()) {
      if (!a.getKey().equals("to")) {
        b.attr(a.getKey(), a.getValue());
      }
    }
    b.attr("t", Long.toString(simulator.now().getEpochSecond()));
    if (target.isGroup()) {
      b.attr("from", target).attr("participant", reader);
      Jid sender =
          receipt.attr("participant") == null ? null : Jid.parse(receipt.attr("participant"));
      b.children(receipt.children());
      if (sender != null) {
        deliver(sender, b.build());
      }
      return;
    }
    b.attr("from", reader);
    b.children(receipt.children());
    deliver(target, b.build());
  }

  /**
   * Hands a stanza to a device: a contact, every open login of a linked device, or the device's
   * offline queue. A user JID without device reaches every device of that user.
   */
  void deliver(Jid device, BinaryNode stanza) {
    SimulatedContact contact = contacts.get(device.toNonAd().toString());
    if (contact != null) {
      contact.received(stanza);
      return;
    }
    List<Jid> targets = new ArrayList<>();
    if (device.device() == 0 && !device.toString().contains(":")) {
      targets.addAll(devicesOf(device));
      if (targets.isEmpty()) {
        return;
      }
    } else {
      targets.add(device);
    }
    for (Jid d : targets) {
      List<SimulatedConnection> open = accounts.openLogins(d.toString());
      if ("message".equals(stanza.tag()) && stanza.attr("id") != null) {
        synchronized (offline) {
          unacked
              .computeIfAbsent(d.toString(), k -> new LinkedHashMap<>())
              .put(stanza.attr("id"), stanza);
        }
        if (open.isEmpty()) {
          continue;
        }
      }
      if (open.isEmpty()) {
        synchronized (offline) {
          offline.computeIfAbsent(d.toString(), k -> new ArrayList<>()).add(stanza);
        }
        continue;
      }
      for (SimulatedConnection c : open) {
        c.send(stanza);
      }
    }
  }

  /**
   * Sends what waited for a device that just logged in: messages it never acknowledged (again),
   * then receipts that arrived while it was away.
   */
  void flushOffline(SimulatedConnection connection) {
    List<BinaryNode> pending = new ArrayList<>();
    synchronized (offline) {
      Map<String, BinaryNode> messages = unacked.get(connection.loginJid());
      if (messages != null) {
        pending.addAll(messages.values());
      }
      List<BinaryNode> other = offline.remove(connection.loginJid());
      if (other != null) {
        pending.addAll(other);
      }
    }
    if (pending != null) {
      for (BinaryNode n : pending) {
        connection.send(n.withAttr("offline", "1"));
      }
    }
  }

  String pushNameOf(String deviceJid) {
    DeviceEntry entry = accounts.device(deviceJid);
    return entry == null ? null : entry.phone.pushName();
  }

  static BinaryNode bytes(String tag, byte[] value) {
    return BinaryNode.newBuilder(tag).bytes(value).build();
  }

  static byte[] be(int value, int length) {
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  static byte[] raw(byte[] key) {
    if (key.length == 33) {
      byte[] out = new byte[32];
      System.arraycopy(key, 1, out, 0, 32);
      return out;
    }
    return key;
  }
}
