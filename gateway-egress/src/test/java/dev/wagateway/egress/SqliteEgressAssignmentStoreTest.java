package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.SqliteStore;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxy assignments in the core's SQLite file: rows, moves, removal, and a restart. */
class SqliteEgressAssignmentStoreTest {
  @TempDir Path dataDir;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void savesMovesAndRemovesRows() {
    try (GatewayStore store = Stores.sqlite(dataDir)) {
      SqliteEgressAssignmentStore a = SqliteEgressAssignmentStore.open(store, CLOCK);
      assertEquals(Optional.empty(), a.find("s1"));
      a.save("s1", "socks5://u@10.0.0.1:1080");
      a.save("s2", "http://u@10.0.0.9:3128");
      a.save("s1", "socks5://u@10.0.0.2:1080");
      assertEquals(Optional.of("socks5://u@10.0.0.2:1080"), a.find("s1"));
      assertEquals(
          List.of(
              "s1|socks5://u@10.0.0.2:1080|" + CLOCK.millis(),
              "s2|http://u@10.0.0.9:3128|" + CLOCK.millis()),
          rows(store));
      a.remove("s2");
      a.remove("absent");
      assertEquals(List.of("s1|socks5://u@10.0.0.2:1080|" + CLOCK.millis()), rows(store));
    }
  }

  @Test
  void poolAssignmentSurvivesARestart() throws Exception {
    List<String> dialled = new ArrayList<>();
    ProxyPool.Builder pool =
        ProxyPool.builder()
            .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.1:1080?country=de"))
            .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.2:1080?country=de"))
            .add(ProxyEndpoint.parse("socks5://u:p@10.0.0.3:1080?country=de"))
            .egressFactory(
                p ->
                    (host, port, timeout) -> {
                      dialled.add(p.id());
                      return new Socket();
                    });
    String first;
    try (GatewayStore store = Stores.sqlite(dataDir)) {
      ProxyPool p = pool.store(SqliteEgressAssignmentStore.open(store)).build();
      p.egressFor("sess", "de").connect("g.whatsapp.net", 443, null).close();
      first = dialled.get(0);
    }
    // a new process: same file, new pool; the session keeps its proxy
    try (GatewayStore store = Stores.sqlite(dataDir)) {
      SqliteEgressAssignmentStore reopened = SqliteEgressAssignmentStore.open(store);
      assertEquals(Optional.of(first), reopened.find("sess"));
      ProxyPool p = pool.store(reopened).build();
      p.egressFor("sess", "de").connect("g.whatsapp.net", 443, null).close();
      assertEquals(List.of(first, first), dialled);
    }
  }

  @Test
  void onlyTheSqliteStoreIsAccepted() {
    try (GatewayStore store = Stores.inMemory()) {
      ValidationException e =
          assertThrows(ValidationException.class, () -> SqliteEgressAssignmentStore.open(store));
      assertEquals(
          "proxy assignments need the SQLite store (Stores.sqlite); use"
              + " InMemoryEgressAssignmentStore otherwise",
          e.getMessage());
    }
  }

  private static List<String> rows(GatewayStore store) {
    return ((SqliteStore) store)
        .read(
            "rows",
            c -> {
              List<String> out = new ArrayList<>();
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT session_id, proxy_id, updated_at FROM egress_assignments"
                              + " ORDER BY session_id")) {
                while (rs.next()) {
                  out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
                }
              }
              return out;
            });
  }
}
