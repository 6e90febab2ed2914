package dev.wagateway.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: typed parameter binding (portable nulls) and row mapping. */
final class Jdbc {
  /** A typed SQL NULL, so drivers that need the type (PostgreSQL) get it. */
  record Null(int sqlType) {}

  static final Null NULL_TEXT = new Null(Types.VARCHAR);
  static final Null NULL_BYTES = new Null(Types.BINARY);
  static final Null NULL_BIGINT = new Null(Types.BIGINT);

  private Jdbc() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
      }
    }
  }

  static <T> List<T> queryList(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  /** A nullable text parameter. */
  static Object text(String value) {
    return value == null ? NULL_TEXT : value;
  }

  /** A nullable bytes parameter. */
  static Object bytes(byte[] value) {
    return value == null ? NULL_BYTES : value;
  }

  /** A nullable epoch-millis parameter. */
  static Object millis(Long value) {
    return value == null ? NULL_BIGINT : value;
  }

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      int index = i + 1;
      Object p = params[i];
      if (p instanceof Null n) {
        ps.setNull(index, n.sqlType());
      } else if (p instanceof String s) {
        ps.setString(index, s);
      } else if (p instanceof byte[] b) {
        ps.setBytes(index, b);
      } else if (p instanceof Integer n) {
        ps.setInt(index, n);
      } else if (p instanceof Long n) {
        ps.setLong(index, n);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(index, b);
      } else {
        throw new IllegalArgumentException(
            "unsupported SQL parameter type at "
                + index
                + ": "
                + (p == null ? "null (use a typed Null)" : p.getClass().getName()));
      }
    }
  }
}
