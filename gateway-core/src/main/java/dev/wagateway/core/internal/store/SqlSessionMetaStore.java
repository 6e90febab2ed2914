package dev.wagateway.core.internal.store;

import static dev.wagateway.core.internal.store.Jdbc.millis;
import static dev.wagateway.core.internal.store.Jdbc.text;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.store.SessionMetaStore;
import dev.wagateway.core.store.StoredSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code sessions} table. */
final class SqlSessionMetaStore implements SessionMetaStore {
  private static final String COLUMNS =
      "id, org_id, sender_id, display_name, desired_state, status, last_error, egress_kind,"
          + " egress_node_id, egress_country, phone, push_name, jid, lid, created_at, updated_at,"
          + " last_connected_at";
  private static final String ORDER = " ORDER BY created_at, id";

  private final SqlDatabase db;

  SqlSessionMetaStore(SqlDatabase db) {
    this.db = db;
  }

  @Override
  public void create(StoredSession session) {
    Checks.present(session, "session");
    Checks.sessionId(session.id());
    Checks.text(session.orgId(), "org id");
    db.transaction(
        "create session " + session.id(),
        c -> {
          if (Jdbc.queryOne(c, "SELECT 1 FROM sessions WHERE id = ?", rs -> 1, session.id())
              .isPresent()) {
            throw new ValidationException("session already exists: " + session.id());
          }
          Object[] values = values(session);
          return Jdbc.update(
              c,
              "INSERT INTO sessions ("
                  + COLUMNS
                  + ")"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              values);
        });
  }

  @Override
  public Optional<StoredSession> get(String id) {
    Checks.sessionId(id);
    return db.read(
        "load session " + id,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT " + COLUMNS + " FROM sessions WHERE id = ?",
                SqlSessionMetaStore::map,
                id));
  }

  @Override
  public List<StoredSession> list(String orgId, int offset, int limit) {
    Checks.text(orgId, "org id");
    Checks.window(offset, limit);
    return db.read(
        "list sessions of an organisation",
        c ->
            Jdbc.queryList(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM sessions WHERE org_id = ?"
                    + ORDER
                    + " LIMIT ? OFFSET ?",
                SqlSessionMetaStore::map,
                orgId,
                limit,
                offset));
  }

  @Override
  public List<StoredSession> listAll() {
    return db.read(
        "list all sessions",
        c ->
            Jdbc.queryList(
                c, "SELECT " + COLUMNS + " FROM sessions" + ORDER, SqlSessionMetaStore::map));
  }

  @Override
  public int count(String orgId) {
    Checks.text(orgId, "org id");
    return db.read(
        "count sessions of an organisation",
        c ->
            Jdbc.queryOne(
                    c, "SELECT COUNT(*) FROM sessions WHERE org_id = ?", rs -> rs.getInt(1), orgId)
                .orElse(0));
  }

  @Override
  public void update(StoredSession session) {
    Checks.present(session, "session");
    Object[] values = values(session);
    Object[] params = new Object[values.length];
    System.arraycopy(values, 1, params, 0, values.length - 1);
    params[values.length - 1] = session.id();
    db.transaction(
        "update session " + session.id(),
        c -> {
          int changed =
              Jdbc.update(
                  c,
                  "UPDATE sessions SET org_id = ?, sender_id = ?, display_name = ?,"
                      + " desired_state = ?, status = ?, last_error = ?, egress_kind = ?,"
                      + " egress_node_id = ?, egress_country = ?, phone = ?, push_name = ?,"
                      + " jid = ?, lid = ?, created_at = ?, updated_at = ?,"
                      + " last_connected_at = ? WHERE id = ?",
                  params);
          if (changed == 0) {
            throw new NotFoundException("no such session: " + session.id());
          }
          return changed;
        });
  }

  @Override
  public boolean delete(String id) {
    Checks.sessionId(id);
    return db.transaction(
            "delete session " + id, c -> Jdbc.update(c, "DELETE FROM sessions WHERE id = ?", id))
        > 0;
  }

  /** Column values in {@link #COLUMNS} order. */
  private static Object[] values(StoredSession s) {
    EgressChoice egress = s.egress();
    return new Object[] {
      s.id(),
      s.orgId(),
      text(s.senderId()),
      text(s.displayName()),
      s.desiredState().name(),
      s.status(),
      text(s.lastError()),
      text(egress == null ? null : egress.kind().wireName()),
      text(egress == null ? null : egress.nodeId()),
      text(egress == null ? null : egress.country()),
      text(s.phone()),
      text(s.pushName()),
      text(s.jid()),
      text(s.lid()),
      s.createdAt(),
      s.updatedAt(),
      millis(s.lastConnectedAt())
    };
  }

  private static StoredSession map(ResultSet rs) throws SQLException {
    String kind = rs.getString("egress_kind");
    EgressChoice egress =
        kind == null
            ? null
            : new EgressChoice(
                EgressKind.fromWireName(kind),
                rs.getString("egress_node_id"),
                rs.getString("egress_country"));
    return new StoredSession(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("sender_id"),
        rs.getString("display_name"),
        DesiredState.valueOf(rs.getString("desired_state")),
        rs.getString("status"),
        rs.getString("last_error"),
        egress,
        rs.getString("phone"),
        rs.getString("push_name"),
        rs.getString("jid"),
        rs.getString("lid"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        Jdbc.nullableLong(rs, "last_connected_at"));
  }
}
