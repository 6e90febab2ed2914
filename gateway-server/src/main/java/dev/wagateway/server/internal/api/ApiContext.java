package dev.wagateway.server.internal.api;

import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Principal;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.server.internal.store.ApiKeyStore;
import dev.wagateway.server.internal.store.IdempotencyStore;
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
    EgressNodeRegistry nodes,
    ApiKeyStore keyStore,
    ApiKeys apiKeys,
    WebhookStore webhooks,
    EventHub events,
    Duration pairingTokenTtl,
    Supplier<String> gatewayUrl,
    byte[] openApiDocument,
    String version,
    long heartbeatMillis,
    Clock clock,
    IdempotencyStore idempotency,
    boolean allowPrivateProxyTargets) {

  /** The node when it exists, unrevoked, in the caller's organization; else 404. */
  EgressNode node(Principal principal, String id) {
    return nodes
        .find(id)
        .filter(n -> n.orgId().equals(principal.orgId()))
        .filter(n -> n.status() != EgressNode.Status.REVOKED)
        .orElseThrow(() -> ApiException.notFound("egress node not found"));
  }

  /** The session when it exists in the caller's organization; another org's is 404. */
  SessionView session(Principal principal, String id) {
    return sessions
        .get(id)
        .filter(s -> s.orgId().equals(principal.orgId()))
        .orElseThrow(() -> ApiException.notFound("session not found"));
  }
}
