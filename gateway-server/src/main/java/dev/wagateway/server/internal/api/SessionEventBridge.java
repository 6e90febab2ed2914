package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.events.EventHub;
import dev.wagateway.server.internal.session.SessionService;
import dev.wagateway.server.internal.session.SessionService.ServerEvent;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Carries the session layer's events to the {@link EventHub} in the API's shapes: the event is
 * scoped to its session's organization, and {@code session.status} is told in the gateway family's
 * status names with the previous status.
 */
public final class SessionEventBridge implements Consumer<ServerEvent> {
  private final SessionService sessions;
  private final EventHub hub;
  private final Map<String, String> orgOfSession = new ConcurrentHashMap<>();
  private final Map<String, String> lastStatus = new ConcurrentHashMap<>();

  public SessionEventBridge(SessionService sessions, EventHub hub) {
    this.sessions = sessions;
    this.hub = hub;
  }

  @Override
  public void accept(ServerEvent event) {
    String sessionId = event.sessionId();
    String orgId = orgOf(sessionId, event);
    if (orgId == null) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>(event.fields());
    if (event.type() == ApiEventType.SESSION_STATUS) {
      String coreStatus = (String) fields.remove("coreStatus");
      Object desired = fields.remove("desiredStarted");
      Object paired = fields.remove("paired");
      String lastError = (String) fields.remove("lastError");
      String status =
          Views.gatewayStatus(
              coreStatus, Boolean.TRUE.equals(desired), lastError, Boolean.TRUE.equals(paired));
      String previous = lastStatus.put(sessionId, status);
      fields.put("status", status);
      fields.put("previousStatus", previous);
      fields.put("reason", lastError);
    }
    hub.publish(orgId, sessionId, event.type(), event.at(), fields);
  }

  private String orgOf(String sessionId, ServerEvent event) {
    if (sessionId == null) {
      Object org = event.fields().get("orgId");
      return org instanceof String s ? s : null;
    }
    String cached = orgOfSession.get(sessionId);
    if (cached != null) {
      return cached;
    }
    String org = sessions.get(sessionId).map(SessionView::orgId).orElse(null);
    if (org != null) {
      orgOfSession.put(sessionId, org);
    }
    return org;
  }
}
