package dev.wagateway.server;

import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.CreateWebhookRequest;
import dev.wagateway.client.model.CreatedWebhook;
import dev.wagateway.client.model.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The gateway process {@link WebhooksIT} kills: a server on {@code args[0]} with a webhook to
 * {@code args[1]}, publishing {@code args[2]} {@code auth.qr} events alternately for two sessions,
 * then idling until killed. Tells the parent on stdout: {@code SECRET <whsec>}, {@code
 * SESSIONS <a> <b>}, {@code PUBLISHED}.
 */
final class WebhookCrashChild {
  private WebhookCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[2]);
    TestServer t =
        new TestServer(
            b -> b.dataDir(dir).webhooks(WebhooksIT.settings(Duration.ofSeconds(5))));
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
    System.out.println("PUBLISHED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
