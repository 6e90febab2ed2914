package dev.wagateway.server.internal.store;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import java.util.Optional;

/**
 * The egress the API set for each session: kind, node, country and, for an explicit proxy, its URL
 * (credentials included, which is why it lives here and not in the core's session rows).
 */
public final class SessionEgressStore {
  private final ServerDb db;

  public SessionEgressStore(ServerDb db) {
    this.db = db;
  }

  /** A session's egress. {@code proxyUrl} is set only for an explicit proxy. */
  public record SessionEgress(EgressChoice choice, String proxyUrl) {}

  public void put(String sessionId, SessionEgress egress, long now) {
    db.transaction(
        "store session egress",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO session_egress (session_id, kind, node_id, country, proxy_url,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE"
                    + " SET kind = excluded.kind, node_id = excluded.node_id,"
                    + " country = excluded.country, proxy_url = excluded.proxy_url,"
                    + " updated_at = excluded.updated_at",
                sessionId,
                egress.choice().kind().wireName(),
                egress.choice().nodeId(),
                egress.choice().country(),
                egress.proxyUrl(),
                now));
  }

  public Optional<SessionEgress> get(String sessionId) {
    return db.read(
        "read session egress",
        c ->
            ServerDb.queryOne(
                c,
                "SELECT * FROM session_egress WHERE session_id = ?",
                rs ->
                    new SessionEgress(
                        new EgressChoice(
                            EgressKind.fromWireName(rs.getString("kind")),
                            rs.getString("node_id"),
                            rs.getString("country")),
                        rs.getString("proxy_url")),
                sessionId));
  }

  public void delete(String sessionId) {
    db.transaction(
        "delete session egress",
        c -> ServerDb.update(c, "DELETE FROM session_egress WHERE session_id = ?", sessionId));
  }
}
