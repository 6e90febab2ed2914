package dev.wagateway.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work on a pooled store connection, for a module that keeps its own tables in the same database
 * (the server's orgs, API keys, senders, egress nodes). See {@link SqliteStore#read} and {@link
 * SqliteStore#transaction}.
 */
@FunctionalInterface
public interface JdbcWork<T> {
  T run(Connection connection) throws SQLException;
}
