package dev.wagateway.server.internal.api;

import dev.wagateway.core.egress.PairingToken;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.http.ApiException;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.server.internal.store.ApiKeyStore;
import dev.wagateway.server.internal.store.EgressNodeStore;
import dev.wagateway.server.internal.store.SenderStore;
import dev.wagateway.server.internal.store.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the route handlers share. {@code gatewayUrl} is the WebSocket base URL egress nodes dial
 * ({@code ws://host:port} or {@code wss://...}), known once the server listens.
 */
public record ApiContext(
    SessionService sessions,
    SenderStore senders,
    EgressNodeStore nodes,
    ApiKeyStore keyStore,
    ApiKeys apiKeys,
    WebhookStore webhooks,
    EventHub events,
    PairingToken pairingTokens,
    Duration pairingTokenTtl,
    Supplier<String> gatewayUrl,
    byte[] openApiDocument,
    String version,
    long heartbeatMillis,
    Clock clock) {

  /** The session when it exists in the caller's organization; another org's is 404. */
  SessionView session(Principal principal, String id) {
    return sessions
        .get(id)
        .filter(s -> s.orgId().equals(principal.orgId()))
        .orElseThrow(() -> ApiException.notFound("session not found"));
  }
}
