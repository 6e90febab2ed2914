package dev.wagateway.server.internal.webhook;

import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Json;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.store.Ids;
import dev.wagateway.server.internal.webhook.DeliveryStore.Attempt;
import dev.wagateway.server.internal.webhook.DeliveryStore.Delivery;
import dev.wagateway.server.internal.webhook.DeliveryStore.Hook;
import dev.wagateway.server.internal.webhook.TargetPolicy.RefusedTarget;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Webhook registration, control (pause, resume, test, secret rotation) and the delivery log. */
final class WebhookApi {
  static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
  static final Duration MAX_OVERLAP = Duration.ofDays(7);
  private static final Set<String> STATUSES =
      Set.of(DeliveryStore.PENDING, DeliveryStore.DELIVERED, DeliveryStore.DEAD);

  private final DeliveryStore store;
  private final Dispatcher dispatcher;
  private final TargetPolicy policy;
  private final SessionService sessions;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration horizon;

  WebhookApi(
      DeliveryStore store,
      Dispatcher dispatcher,
      TargetPolicy policy,
      SessionService sessions,
      Clock clock,
      SecureRandom random,
      Duration horizon) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.policy = policy;
    this.sessions = sessions;
    this.clock = clock;
    this.random = random;
    this.horizon = horizon;
  }

  List<Route> routes() {
    String one = "/api/v1/webhooks/{webhookId}";
    return List.of(
        new Route("POST", "/api/v1/webhooks", Capability.MANAGE, this::create),
        new Route("GET", "/api/v1/webhooks", Capability.MANAGE, this::list),
        new Route("GET", one, Capability.MANAGE, this::get),
        new Route("DELETE", one, Capability.MANAGE, this::delete),
        new Route("POST", one + ":pause", Capability.MANAGE, this::pause),
        new Route("POST", one + ":resume", Capability.MANAGE, this::resume),
        new Route("POST", one + ":test", Capability.MANAGE, this::test),
        new Route("POST", one + ":rotateSecret", Capability.MANAGE, this::rotate),
        new Route("GET", one + "/deliveries", Capability.MANAGE, this::deliveries),
        new Route("POST", one + "/deliveries/{deliveryId}:retry", Capability.MANAGE, this::retry));
  }

  private Reply create(Exchange ex) {
    Body body = ex.json().allowOnly(Set.of("url", "eventTypes", "sessionId"));
    String url;
    try {
      url = policy.register(body.string("url", 1, 2048));
    } catch (RefusedTarget e) {
      throw ApiException.validation("url", e.getMessage());
    }
    List<String> types = body.optEnumList("eventTypes", EventTypes.ALL, 1);
    if (types == null) {
      throw ApiException.validation("eventTypes", "eventTypes is required");
    }
    String sessionId = body.optString("sessionId", 1, 100);
    String orgId = ex.principal().orgId();
    if (sessionId != null
        && sessions.get(sessionId).filter(s -> s.orgId().equals(orgId)).isEmpty()) {
      throw ApiException.notFound("session not found");
    }
    String secret = Signatures.newSecret(random);
    Hook hook =
        new Hook(
            Ids.next("wh"),
            orgId,
            url,
            new LinkedHashSet<>(types),
            sessionId,
            secret,
            null,
            null,
            DeliveryStore.ACTIVE,
            null,
            null,
            clock.millis());
    store.insert(hook);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("webhook", view(hook));
    out.put("secret", secret);
    return Reply.json(201, out);
  }

  private Reply list(Exchange ex) {
    return Reply.ok(
        Map.of(
            "items", store.hooks(ex.principal().orgId()).stream().map(WebhookApi::view).toList()));
  }

  private Reply get(Exchange ex) {
    return Reply.ok(view(hook(ex)));
  }

  private Reply delete(Exchange ex) {
    if (!store.delete(ex.principal().orgId(), ex.path("webhookId"))) {
      throw ApiException.notFound("webhook not found");
    }
    return Reply.noContent();
  }

  private Reply pause(Exchange ex) {
    Hook h = hook(ex);
    store.setState(h.orgId(), h.id(), DeliveryStore.PAUSED, "paused through the API");
    return Reply.ok(view(hook(ex)));
  }

  private Reply resume(Exchange ex) {
    Hook h = hook(ex);
    store.setState(h.orgId(), h.id(), DeliveryStore.ACTIVE, null);
    store.wake(h.id(), clock.millis());
    dispatcher.wake();
    return Reply.ok(view(hook(ex)));
  }

  private Reply test(Exchange ex) {
    Hook h = hook(ex);
    Instant now = clock.instant();
    String deliveryId = "msg_test_" + Ids.next("t");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", EventTypes.TEST);
    event.put("id", deliveryId);
    event.put("sessionId", null);
    event.put("occurredAt", now.toString());
    event.put("webhookId", h.id());
    Delivery d =
        store.insertTest(h, deliveryId, Json.write(event), now.toEpochMilli(), horizon.toMillis());
    dispatcher.wake();
    return Reply.json(202, delivery(d, List.of()));
  }

  private Reply rotate(Exchange ex) {
    Hook h = hook(ex);
    Map<String, Object> fields = Json.readObject(ex.body());
    Body.of(Json.writeBytes(fields)).allowOnly(Set.of("overlapSeconds"));
    long overlap = DEFAULT_OVERLAP.toSeconds();
    if (fields.containsKey("overlapSeconds")) {
      Object raw = fields.get("overlapSeconds");
      if (!(raw instanceof Number n)
          || n.doubleValue() != Math.rint(n.doubleValue())
          || n.longValue() < 0
          || n.longValue() > MAX_OVERLAP.toSeconds()) {
        throw ApiException.validation(
            "overlapSeconds", "overlapSeconds must be an integer 0.." + MAX_OVERLAP.toSeconds());
      }
      overlap = n.longValue();
    }
    String secret = Signatures.newSecret(random);
    store.rotate(h.orgId(), h.id(), secret, clock.millis() + overlap * 1000);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("webhook", view(hook(ex)));
    out.put("secret", secret);
    return Reply.ok(out);
  }

  private Reply deliveries(Exchange ex) {
    Hook h = hook(ex);
    String status = ex.query("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.validation("status", "status must be one of " + STATUSES);
    }
    int limit = 50;
    String rawLimit = ex.query("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 200) {
        throw ApiException.validation("limit", "limit must be an integer 1..200");
      }
    }
    long before = 0;
    String cursor = ex.query("cursor");
    if (cursor != null) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith("d:")) {
          throw new IllegalArgumentException();
        }
        before = Long.parseLong(decoded.substring(2));
        if (before < 1) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw ApiException.validation("cursor", "cursor is not one this server issued");
      }
    }
    List<Delivery> page = store.list(h.id(), status, before, limit + 1);
    boolean more = page.size() > limit;
    if (more) {
      page = page.subList(0, limit);
    }
    Map<Long, List<Attempt>> attempts = store.attempts(page);
    List<Object> items = new ArrayList<>();
    for (Delivery d : page) {
      items.add(delivery(d, attempts.getOrDefault(d.seq(), List.of())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    if (more) {
      out.put(
          "nextCursor",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ("d:" + page.get(page.size() - 1).seq()).getBytes(StandardCharsets.UTF_8)));
    }
    return Reply.ok(out);
  }

  private Reply retry(Exchange ex) {
    Hook h = hook(ex);
    Delivery d =
        store
            .retry(h.id(), ex.path("deliveryId"), clock.millis(), horizon.toMillis())
            .orElseThrow(() -> ApiException.notFound("delivery not found"));
    dispatcher.wake();
    return Reply.json(
        202, delivery(d, store.attempts(List.of(d)).getOrDefault(d.seq(), List.of())));
  }

  private Hook hook(Exchange ex) {
    return store
        .hook(ex.principal().orgId(), ex.path("webhookId"))
        .orElseThrow(() -> ApiException.notFound("webhook not found"));
  }

  static Map<String, Object> view(Hook h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", h.id());
    out.put("url", h.url());
    out.put("eventTypes", List.copyOf(h.types()));
    out.put("sessionId", h.sessionId());
    out.put("state", h.state());
    out.put("stateReason", h.stateReason());
    out.put(
        "previousSecretExpiresAt",
        h.previousSecretUntil() == null ? null : time(h.previousSecretUntil()));
    out.put("createdAt", time(h.createdAt()));
    return out;
  }

  static Map<String, Object> delivery(Delivery d, List<Attempt> attempts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.id());
    out.put("eventId", d.eventId() == null ? null : Long.toString(d.eventId()));
    out.put("eventType", d.type());
    out.put("sessionId", d.lane().isEmpty() || d.lane().startsWith("test:") ? null : d.lane());
    out.put("status", d.status());
    out.put("attemptCount", d.attempts());
    out.put("lastStatusCode", d.lastStatus());
    out.put("lastLatencyMs", d.lastLatencyMs());
    out.put("lastError", d.lastError());
    out.put("nextAttemptAt", d.nextAttemptAt() == null ? null : time(d.nextAttemptAt()));
    out.put("createdAt", time(d.createdAt()));
    out.put("finishedAt", d.finishedAt() == null ? null : time(d.finishedAt()));
    List<Object> list = new ArrayList<>();
    for (Attempt a : attempts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("attempt", a.attempt());
      m.put("at", time(a.at()));
      m.put("statusCode", a.statusCode());
      m.put("latencyMs", a.latencyMs());
      m.put("error", a.error());
      list.add(m);
    }
    out.put("attempts", list);
    return out;
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
