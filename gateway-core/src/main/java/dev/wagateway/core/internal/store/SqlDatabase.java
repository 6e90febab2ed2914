package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions over one pooled {@link DataSource}, in plain JDBC so that the same
 * code serves SQLite now and PostgreSQL later.
 *
 * <ul>
 *   <li>Reads outside a transaction borrow a pooled connection in auto-commit mode; with WAL they
 *       never wait for the writer.
 *   <li>Every write runs in a transaction. Writes are serialized in this process by one fair lock
 *       taken before the connection (SQLite allows one writer; queuing here means sessions never
 *       see SQLITE_BUSY), and the transaction itself begins IMMEDIATE (configured on the data
 *       source) so another process is waited for through busy_timeout.
 *   <li>A thread inside a transaction does every call (read or write, through any store view) on
 *       the transaction's connection: nested transactions join the outer one, and a failure inside
 *       the nested work marks the whole transaction rollback-only.
 * </ul>
 */
final class SqlDatabase {
  private static final Logger log = LoggerFactory.getLogger(SqlDatabase.class);

  private final DataSource dataSource;
  private final long writeLockTimeoutMillis;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private volatile boolean closed;

  SqlDatabase(DataSource dataSource, long writeLockTimeoutMillis) {
    this.dataSource = dataSource;
    this.writeLockTimeoutMillis = writeLockTimeoutMillis;
  }

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs a read on the thread's transaction connection, or on a pooled auto-commit one. */
  <T> T read(String what, SqlWork<T> work) {
    ensureOpen();
    Tx tx = current.get();
    if (tx != null) {
      return joined(tx, what, work);
    }
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in a transaction: the thread's current one, or a new one that commits when
   * the work returns and rolls back when it throws (the exception is rethrown unchanged, except
   * SQLExceptions, which become StoreExceptions).
   */
  <T> T transaction(String what, SqlWork<T> work) {
    ensureOpen();
    Tx joinedTx = current.get();
    if (joinedTx != null) {
      return joined(joinedTx, what, work);
    }
    lockForWrite(what);
    try {
      return inNewTransaction(what, work);
    } finally {
      writeLock.unlock();
    }
  }

  /** Whether the calling thread is inside a transaction. */
  boolean inTransaction() {
    return current.get() != null;
  }

  void close() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  private <T> T joined(Tx tx, String what, SqlWork<T> work) {
    try {
      return work.run(tx.connection);
    } catch (SQLException e) {
      tx.rollbackOnly = true;
      throw failure(what, e);
    } catch (RuntimeException | Error e) {
      tx.rollbackOnly = true;
      throw e;
    }
  }

  private <T> T inNewTransaction(String what, SqlWork<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw failure(what, e);
    }
    Tx tx = new Tx(connection);
    Throwable failure = null;
    try {
      connection.setAutoCommit(false);
      current.set(tx);
      T result = work.run(connection);
      if (tx.rollbackOnly) {
        throw new StoreException(
            "could not " + what + ": transaction rolled back because nested work failed", null);
      }
      connection.commit();
      return result;
    } catch (SQLException e) {
      StoreException mapped = failure(what, e);
      failure = mapped;
      throw mapped;
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      current.remove();
      finish(connection, failure);
    }
  }

  /** Rolls back after a failure, restores auto-commit and returns the connection to the pool. */
  private static void finish(Connection connection, Throwable failure) {
    try {
      try {
        if (failure != null && !connection.getAutoCommit()) {
          connection.rollback();
        }
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        log.warn("could not reset a store connection after commit: {}", e.getMessage());
      }
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        log.warn("could not return a store connection to the pool: {}", e.getMessage());
      }
    }
  }

  private void lockForWrite(String what) {
    try {
      if (!writeLock.tryLock(writeLockTimeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new StoreException(
            "could not "
                + what
                + ": timed out after "
                + writeLockTimeoutMillis
                + " ms waiting for the store's writer",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("could not " + what + ": interrupted waiting for the writer", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed", null);
    }
  }

  /** A StoreException for a failed SQL call. SQL error texts carry no bound values. */
  static StoreException failure(String what, SQLException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new StoreException("could not " + what + ": " + reason, e);
  }

  private static final class Tx {
    final Connection connection;
    boolean rollbackOnly;

    Tx(Connection connection) {
      this.connection = connection;
    }
  }
}
