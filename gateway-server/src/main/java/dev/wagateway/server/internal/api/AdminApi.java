package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** API keys of the caller's organization (webhooks: {@code internal.webhook.WebhookApi}). */
final class AdminApi {
  /** The names webhook registrations and the {@code types=} filter accept. */
  static final Set<String> EVENT_TYPES = ApiEventType.wireNames();

  private final ApiContext ctx;

  AdminApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", "/api/v1/api-keys", Capability.MANAGE, this::createKey),
        new Route("GET", "/api/v1/api-keys", Capability.MANAGE, this::listKeys),
        new Route("DELETE", "/api/v1/api-keys/{apiKeyId}", Capability.MANAGE, this::deleteKey));
  }

  private Reply createKey(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("name", "mode", "capabilities", "expiresAt"));
    String name = body.string("name", 1, 100);
    String mode = body.optEnum("mode", Set.of("live", "test"));
    List<String> caps = body.optEnumList("capabilities", Capability.wireNames(), 1);
    if (caps == null) {
      throw ApiException.validation("capabilities", "capabilities is required");
    }
    String rawExpiry = body.optString("expiresAt", 1, 64);
    Long expiresAt = null;
    if (rawExpiry != null) {
      try {
        expiresAt = Instant.parse(rawExpiry).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw ApiException.validation("expiresAt", "expiresAt must be an RFC 3339 date-time");
      }
      if (expiresAt <= ctx.clock().millis()) {
        throw ApiException.validation("expiresAt", "expiresAt must be in the future");
      }
    }
    boolean test = "test".equals(mode) || ex.principal().testMode();
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    caps.forEach(c -> capabilities.add(Capability.fromWireName(c)));
    if (!capabilities.stream().allMatch(c -> Capability.grants(ex.principal().capabilities(), c))) {
      throw ApiException.forbidden("a key can't grant capabilities its creator lacks");
    }
    ApiKeys.Created created =
        ctx.apiKeys().create(ex.principal().orgId(), name, test, capabilities, expiresAt);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiKey", Views.apiKey(created.row()));
    out.put("secret", created.secret());
    return Reply.json(201, out);
  }

  private Reply listKeys(Exchange ex) {
    return Reply.ok(
        Map.of(
            "items",
            ctx.keyStore().list(ex.principal().orgId()).stream().map(Views::apiKey).toList()));
  }

  private Reply deleteKey(Exchange ex) {
    if (!ctx.keyStore().delete(ex.principal().orgId(), ex.path("apiKeyId"))) {
      throw ApiException.notFound("API key not found");
    }
    return Reply.noContent();
  }
}
