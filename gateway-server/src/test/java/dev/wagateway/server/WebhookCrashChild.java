package dev.wagateway.server;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.CreateWebhookRequest;
import dev.wagateway.client.model.CreatedWebhook;
import dev.wagateway.client.model.EventType;
import dev.wagateway.core.internal.store.SqliteGatewayStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway process {@link WebhooksIT} kills: a server on {@code args[0]} with a webhook to
 * {@code args[1]}, publishing {@code args[2]} {@code auth.qr} events alternately for two sessions,
 * then idling until killed. Tells the parent on stdout: {@code SECRET <whsec>}, {@code SESSIONS <a>
 * <b>}, {@code PUBLISHED} (once every event is stored in the log).
 */
final class WebhookCrashChild {
  private WebhookCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[2]);
    TestServer t =
        new TestServer(b -> b.dataDir(dir).webhooks(WebhooksIT.settings(Duration.ofSeconds(5))));
    WagatewayApi api = t.api();
    String a = api.createSession(new CreateSessionRequest("a", null, false)).id();
    String b = api.createSession(new CreateSessionRequest("b", null, false)).id();
    CreatedWebhook hook =
        api.createWebhook(new CreateWebhookRequest(args[1], List.of(EventType.AUTH_QR), null));
    System.out.println("SECRET " + hook.secret());
    System.out.println("SESSIONS " + a + " " + b);
    for (int i = 0; i < count; i++) {
      t.sessions.issueQr(i % 2 == 0 ? a : b, "q" + i, Instant.now().plusSeconds(600));
    }
    // the parent kills only once every event is in the log: the outbox's promise starts there
    String db = "jdbc:sqlite:" + dir.resolve(SqliteGatewayStore.DATABASE_FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stored(db) < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.println("PUBLISHED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static long stored(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT COUNT(*) FROM server_events WHERE type = 'auth.qr'")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
