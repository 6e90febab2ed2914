package dev.wagateway.core.internal.media;

import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import dev.wagateway.core.wire.WireException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The media hosts and upload token from {@code media_conn} (docs/protocol/messaging.md §5.3). Cache
 * it until {@link #expired}; refresh it after an upload failure.
 *
 * @param hosts the media hosts, in the server's order ({@code hostname}, which may carry a port)
 * @param auth the upload auth token
 * @param ttl how long the host list is valid
 * @param authTtl how long the token is valid (equal to {@code ttl} when absent)
 * @param fetchedAt when the answer arrived
 */
public record MediaConn(
    List<String> hosts, String auth, Duration ttl, Duration authTtl, Instant fetchedAt) {

  public MediaConn {
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(authTtl, "authTtl");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }

  /** {@code <iq xmlns="w:m" type="set" to="s.whatsapp.net"><media_conn/></iq>}. */
  public static BinaryNode request(String iqId) {
    return BinaryNode.newBuilder("iq")
        .attr("id", Objects.requireNonNull(iqId, "iqId"))
        .attr("xmlns", "w:m")
        .attr("type", "set")
        .attr("to", Jid.SERVER.toString())
        .child(BinaryNode.of("media_conn"))
        .build();
  }

  /**
   * Parses the answer.
   *
   * @throws WireException {@code bad_stanza} without a media_conn child, auth or hosts
   */
  public static MediaConn parse(BinaryNode iq, Instant now) throws WireException {
    BinaryNode conn = iq.child("media_conn");
    if (!"result".equals(iq.attr("type")) || conn == null) {
      throw new WireException("bad_stanza", "media_conn answer is not a result with media_conn");
    }
    String auth = conn.attr("auth");
    if (auth == null || auth.isEmpty()) {
      throw new WireException("bad_stanza", "media_conn has no auth");
    }
    List<String> hosts = new ArrayList<>();
    for (BinaryNode host : conn.children("host")) {
      String name = host.attr("hostname");
      if (name != null && !name.isEmpty()) {
        hosts.add(name);
      }
    }
    if (hosts.isEmpty()) {
      throw new WireException("bad_stanza", "media_conn has no hosts");
    }
    long ttl = seconds(conn, "ttl", 0);
    long authTtl = seconds(conn, "auth_ttl", ttl);
    return new MediaConn(hosts, auth, Duration.ofSeconds(ttl), Duration.ofSeconds(authTtl), now);
  }

  private static long seconds(BinaryNode node, String attr, long fallback) throws WireException {
    String v = node.attr(attr);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new WireException("bad_stanza", "media_conn " + attr + " is negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new WireException("bad_stanza", "media_conn " + attr + " is not a number");
    }
  }

  /** Whether the host list or the token is past its lifetime at {@code now}. */
  public boolean expired(Instant now) {
    Duration shortest = ttl.compareTo(authTtl) <= 0 ? ttl : authTtl;
    return !now.isBefore(fetchedAt.plus(shortest));
  }

  /** Never prints the auth token. */
  @Override
  public String toString() {
    return "MediaConn[hosts=" + hosts + ", ttl=" + ttl + ", fetchedAt=" + fetchedAt + "]";
  }
}
