package dev.wagateway.core.internal.messaging;

import static dev.wagateway.core.internal.messaging.Stanzas.bad;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The usync device-list query (docs/protocol/messaging.md §3.2): which devices each user has, so
 * that a message can be encrypted for every one of them.
 */
public final class DeviceListQuery {
  private DeviceListQuery() {}

  /**
   * {@code <iq xmlns="usync" type="get">} asking for the devices of {@code users} (device parts are
   * dropped, duplicates removed). {@code withLid} also asks for each user's LID.
   */
  public static BinaryNode request(String iqId, String sid, List<Jid> users, boolean withLid) {
    Objects.requireNonNull(iqId, "iqId");
    Objects.requireNonNull(sid, "sid");
    if (users == null || users.isEmpty()) {
      throw new ValidationException("usync needs at least one user");
    }
    Set<Jid> unique = new LinkedHashSet<>();
    for (Jid user : users) {
      if (!user.isUser()) {
        throw new ValidationException("usync user is not a user JID: " + user);
      }
      unique.add(user.toNonAd());
    }
    BinaryNode.Builder query =
        BinaryNode.newBuilder("query")
            .child(BinaryNode.newBuilder("devices").attr("version", "2").build());
    if (withLid) {
      query.child(BinaryNode.of("lid"));
    }
    BinaryNode.Builder list = BinaryNode.newBuilder("list");
    for (Jid user : unique) {
      // An empty child list, as Baileys writes it (no per-user protocol content for devices).
      list.child(BinaryNode.newBuilder("user").attr("jid", user).children(List.of()).build());
    }
    BinaryNode usync =
        BinaryNode.newBuilder("usync")
            .attr("context", "message")
            .attr("mode", "query")
            .attr("sid", sid)
            .attr("last", "true")
            .attr("index", "0")
            .child(query.build())
            .child(list.build())
            .build();
    return BinaryNode.newBuilder("iq")
        .attr("to", Stanzas.SERVER)
        .attr("type", "get")
        .attr("xmlns", "usync")
        .attr("id", iqId)
        .child(usync)
        .build();
  }

  /**
   * Parses the result: one entry per {@code <user>} in the answer's list, in order.
   *
   * @throws WireException {@code bad_stanza} when the iq is an error or has no usync list
   */
  public static List<UserDevices> parse(BinaryNode iq) throws WireException {
    if (!"iq".equals(iq.tag()) || !"result".equals(iq.attr("type"))) {
      throw bad("usync answer is not an iq result");
    }
    BinaryNode usync = iq.child("usync");
    BinaryNode list = usync == null ? null : usync.child("list");
    if (list == null) {
      throw bad("usync answer has no list");
    }
    List<UserDevices> out = new ArrayList<>();
    for (BinaryNode user : list.children("user")) {
      Jid userJid = Stanzas.jid(user, "jid").toNonAd();
      BinaryNode devicesNode = user.child("devices");
      List<Device> devices = new ArrayList<>();
      byte[] keyIndexList = null;
      long keyIndexTs = 0;
      String error = null;
      if (devicesNode != null) {
        BinaryNode errorNode = devicesNode.child("error");
        if (errorNode != null) {
          error = errorNode.attr("code") == null ? "error" : errorNode.attr("code");
        }
        BinaryNode deviceList = devicesNode.child("device-list");
        if (deviceList != null) {
          for (BinaryNode d : deviceList.children("device")) {
            devices.add(device(userJid, d));
          }
        }
        BinaryNode keyIndex = devicesNode.child("key-index-list");
        if (keyIndex != null) {
          keyIndexList = Stanzas.content(keyIndex);
          keyIndexTs = Stanzas.number(keyIndex, "ts", 0);
        }
      }
      BinaryNode lidNode = user.child("lid");
      Jid lid = lidNode == null ? null : Stanzas.optionalJid(lidNode, "val");
      out.add(new UserDevices(userJid, devices, lid, keyIndexList, keyIndexTs, error));
    }
    return out;
  }

  private static Device device(Jid user, BinaryNode d) throws WireException {
    long id = Stanzas.number(d, "id", -1);
    if (id < 0 || id > 0xFFFF) {
      throw bad("usync device has no valid id");
    }
    boolean hosted = "true".equals(d.attr("is_hosted"));
    String server = user.server();
    if (hosted) {
      server = user.isLid() ? Jid.HOSTED_LID_SERVER : Jid.HOSTED_SERVER;
    }
    Jid jid = Jid.of(user.user(), server, (int) id);
    long keyIndex = Stanzas.number(d, "key-index", -1);
    return new Device(jid, (int) Math.min(keyIndex, Integer.MAX_VALUE), hosted);
  }

  /**
   * One device of a user.
   *
   * @param jid the device JID ({@code user:device@server}; hosted devices on the hosted servers)
   * @param keyIndex the {@code key-index} attribute, -1 when absent (the primary has none)
   * @param hosted whether the device is a hosted (business platform) device
   */
  public record Device(Jid jid, int keyIndex, boolean hosted) {
    public Device {
      Objects.requireNonNull(jid, "jid");
    }
  }

  /**
   * The answer for one user.
   *
   * @param user the user JID without device
   * @param devices its devices, primary first as the server lists them
   * @param lid the user's LID when asked for and known, else null
   * @param keyIndexList the ADVSignedKeyIndexList bytes, else null (not verified here)
   * @param keyIndexTimestamp the {@code ts} of the key-index list, 0 when absent
   * @param error the error code the server gave for this user, else null
   */
  public record UserDevices(
      Jid user,
      List<Device> devices,
      Jid lid,
      byte[] keyIndexList,
      long keyIndexTimestamp,
      String error) {
    public UserDevices {
      Objects.requireNonNull(user, "user");
      devices = List.copyOf(devices);
      keyIndexList = keyIndexList == null ? null : keyIndexList.clone();
    }

    @Override
    public byte[] keyIndexList() {
      return keyIndexList == null ? null : keyIndexList.clone();
    }

    /** The device JIDs. */
    public List<Jid> deviceJids() {
      return devices.stream().map(Device::jid).toList();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UserDevices u
          && user.equals(u.user)
          && devices.equals(u.devices)
          && Objects.equals(lid, u.lid)
          && Arrays.equals(keyIndexList, u.keyIndexList)
          && keyIndexTimestamp == u.keyIndexTimestamp
          && Objects.equals(error, u.error);
    }

    @Override
    public int hashCode() {
      return Objects.hash(user, devices, lid);
    }
  }
}
