package dev.wagateway.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.JdbcWork;
import dev.wagateway.core.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default {@link GatewayStore}: one SQLite database file, {@value #DATABASE_FILE},
 * under a data directory, behind one HikariCP pool for the whole process.
 *
 * <p>Every pooled connection runs with {@code journal_mode=WAL} (readers never wait for the
 * writer), {@code synchronous=FULL}, {@code foreign_keys=ON} and a busy timeout. FULL rather than
 * NORMAL because in WAL mode NORMAL may lose the last commits on power loss or an OS crash, and a
 * key the server has already seen must never vanish: FULL syncs the WAL on every commit.
 * Transactions begin IMMEDIATE and writes queue on one in-process lock (see {@link SqlDatabase}),
 * so concurrent sessions never get SQLITE_BUSY.
 *
 * <p>Numbered migrations ({@code V1__init.sql}, ...) are applied on open in one transaction and
 * recorded in {@code schema_migrations}. One store per database file per process: opening the same
 * file again before closing it is refused, so nobody ends up with a second pool.
 */
public final class SqliteGatewayStore extends SqlGatewayStore implements SqliteStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteGatewayStore.class);

  /** The database file name inside the data directory. */
  public static final String DATABASE_FILE = "wagateway.db";

  /** Pool size when none is given: readers in parallel, one writer at a time. */
  public static final int DEFAULT_MAX_CONNECTIONS = 4;

  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final long WRITE_LOCK_TIMEOUT_MILLIS = 30_000;
  private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

  private final Path databaseFile;
  private final HikariDataSource pool;
  private final List<Integer> migratedOnOpen;

  private SqliteGatewayStore(
      Path databaseFile, HikariDataSource pool, SqlDatabase db, List<Integer> migratedOnOpen) {
    super(db, System::currentTimeMillis);
    this.databaseFile = databaseFile;
    this.pool = pool;
    this.migratedOnOpen = migratedOnOpen;
  }

  /** Opens (creating when needed) {@code dataDir/wagateway.db} with the default pool size. */
  public static SqliteGatewayStore open(Path dataDir) {
    return open(dataDir, DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Opens (creating when needed) {@code dataDir/wagateway.db} and applies pending migrations.
   *
   * @param maxConnections pool size, 1..64
   * @throws StoreException when the directory or database cannot be opened or migrated, or when
   *     this process already has the file open
   */
  public static SqliteGatewayStore open(Path dataDir, int maxConnections) {
    if (dataDir == null) {
      throw new ValidationException("data directory must not be null");
    }
    if (maxConnections < 1 || maxConnections > 64) {
      throw new ValidationException("maxConnections must be 1..64");
    }
    Path file;
    try {
      Files.createDirectories(dataDir);
      file = dataDir.toRealPath().resolve(DATABASE_FILE);
    } catch (IOException e) {
      throw new StoreException("could not create the data directory " + dataDir, e);
    }
    if (!OPEN_FILES.add(file)) {
      throw new StoreException(
          "a store is already open on " + file + " in this process; share that GatewayStore", null);
    }
    HikariDataSource pool = null;
    try {
      pool = newPool(file, maxConnections);
      SqlDatabase db = new SqlDatabase(pool, WRITE_LOCK_TIMEOUT_MILLIS);
      long now = System.currentTimeMillis();
      List<Integer> applied =
          db.transaction("migrate " + file, c -> Migrations.SQLITE.apply(c, now));
      String journal =
          db.read(
              "read the journal mode",
              c ->
                  Jdbc.queryOne(c, "PRAGMA journal_mode", rs -> rs.getString(1)).orElse("unknown"));
      if (!"wal".equals(journal.toLowerCase(Locale.ROOT))) {
        log.warn("store {} runs with journal_mode={} instead of wal", file, journal);
      }
      log.info(
          "opened store {} (schema V{}, pool of {})",
          file,
          Migrations.SQLITE.latestVersion(),
          maxConnections);
      return new SqliteGatewayStore(file, pool, db, List.copyOf(applied));
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      OPEN_FILES.remove(file);
      if (e instanceof StoreException) {
        throw e;
      }
      throw new StoreException("could not open the store at " + file + ": " + e.getMessage(), e);
    }
  }

  private static HikariDataSource newPool(Path file, int maxConnections) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file);

    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(sqlite);
    hikari.setPoolName("wagateway-store");
    hikari.setMaximumPoolSize(maxConnections);
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(true);
    hikari.setConnectionTimeout(30_000);
    return new HikariDataSource(hikari);
  }

  @Override
  public <T> T read(String what, JdbcWork<T> work) {
    return db.read(what, work::run);
  }

  @Override
  public <T> T transaction(String what, JdbcWork<T> work) {
    return db.transaction(what, work::run);
  }

  /** The database file this store uses. */
  public Path databaseFile() {
    return databaseFile;
  }

  @Override
  public void close() {
    if (db.isClosed()) {
      return;
    }
    db.close();
    pool.close();
    OPEN_FILES.remove(databaseFile);
    log.info("closed store {}", databaseFile);
  }

  @Override
  public String toString() {
    return "SqliteGatewayStore[" + databaseFile + "]";
  }

  // ---- for tests in this package ----

  /** Migration versions applied by this open (empty when the schema was already current). */
  List<Integer> migratedOnOpen() {
    return migratedOnOpen;
  }

  /** Connections the pool holds right now (idle and in use). */
  int totalConnections() {
    return pool.getHikariPoolMXBean().getTotalConnections();
  }

  /** Connections in use right now. */
  int activeConnections() {
    return pool.getHikariPoolMXBean().getActiveConnections();
  }

  int maxConnections() {
    return pool.getMaximumPoolSize();
  }
}
