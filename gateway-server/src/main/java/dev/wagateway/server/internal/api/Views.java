package dev.wagateway.server.internal.api;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.server.internal.auth.ApiKeys;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.session.SessionService.IdentityView;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.server.internal.store.ApiKeyStore.KeyRow;
import dev.wagateway.server.internal.store.SenderStore.SenderRow;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of the API's resources, as the OpenAPI document defines them. */
final class Views {
  private Views() {}

  /**
   * The gateway family's status for a core status: stopped, starting, pairing, connecting,
   * connected, reconnecting, logged_out or failed.
   */
  static String gatewayStatus(
      String coreStatus, boolean desiredStarted, String lastError, boolean paired) {
    if ("failed".equals(coreStatus)) {
      return "failed";
    }
    if (!paired
        && lastError != null
        && lastError.startsWith("logged_out")
        && !"qr_ready".equals(coreStatus)
        && !"authenticating".equals(coreStatus)) {
      return "logged_out";
    }
    switch (coreStatus) {
      case "qr_ready":
        return "pairing";
      case "authenticating":
        return "connecting";
      case "ready":
        return "connected";
      case "initializing":
        return desiredStarted ? "starting" : "stopped";
      default:
        return desiredStarted ? "reconnecting" : "stopped";
    }
  }

  static Map<String, Object> gatewaySession(SessionView s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("name", s.displayName());
    out.put(
        "status",
        gatewayStatus(s.status(), s.desiredStarted(), s.lastError(), s.identity() != null));
    out.put("paired", s.identity() != null);
    if (s.identity() != null) {
      out.put("phone", s.identity().phone());
      out.put("jid", s.identity().jid());
      out.put("pushName", s.identity().pushName());
    }
    out.put("egress", gatewayEgress(s.egress()));
    out.put("lastError", s.lastError());
    out.put("lastConnectedAt", time(s.lastConnectedAt()));
    out.put("createdAt", time(s.createdAt()));
    out.put("updatedAt", time(s.updatedAt()));
    return out;
  }

  static Map<String, Object> gatewayEgress(EgressChoice egress) {
    if (egress == null || egress.kind() == EgressKind.DIRECT) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (egress.kind() == EgressKind.ANDROID) {
      out.put("kind", "android");
      out.put("nodeId", egress.nodeId());
    } else {
      out.put("kind", "proxy");
      if (egress.nodeId() != null && egress.nodeId().contains("://")) {
        out.put("proxyUrl", maskPassword(egress.nodeId()));
      }
    }
    return out;
  }

  /** {@code scheme://user:***@host:port}: the password never leaves the server. */
  static String maskPassword(String proxyUrl) {
    try {
      URI uri = URI.create(proxyUrl);
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null || !userInfo.contains(":")) {
        return proxyUrl;
      }
      String user = userInfo.substring(0, userInfo.indexOf(':'));
      return uri.getScheme()
          + "://"
          + user
          + ":***@"
          + uri.getHost()
          + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    } catch (IllegalArgumentException e) {
      return "***";
    }
  }

  static Map<String, Object> altSession(SessionView s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("displayName", s.displayName());
    out.put("status", s.status());
    if ("qr_ready".equals(s.status()) && s.qr() != null) {
      out.put("qrCode", s.qr().code());
    }
    IdentityView identity = s.identity();
    if (identity != null) {
      out.put("phoneNumber", "+" + identity.phone());
      out.put("pushName", identity.pushName());
    }
    out.put("egress", altEgress(s.egress()));
    out.put("senderId", s.senderId());
    out.put("lastError", s.lastError());
    out.put("lastConnectedAt", time(s.lastConnectedAt()));
    out.put("createdAt", time(s.createdAt()));
    out.put("updatedAt", time(s.updatedAt()));
    return out;
  }

  static Map<String, Object> altEgress(EgressChoice egress) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (egress == null) {
      out.put("kind", "external");
      return out;
    }
    out.put("kind", egress.kind().wireName());
    if (egress.kind() == EgressKind.ANDROID) {
      out.put("nodeId", egress.nodeId());
    }
    out.put("country", egress.country());
    return out;
  }

  static Map<String, Object> identity(IdentityView identity) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jid", identity.jid());
    out.put("lid", identity.lid());
    out.put("deviceId", identity.deviceId());
    out.put("pushName", identity.pushName());
    out.put("phone", identity.phone());
    return out;
  }

  static Map<String, Object> sender(SenderRow row, String sessionId) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("name", row.name());
    out.put("phoneNumber", row.phoneNumber());
    out.put("whatsappAltSessionId", sessionId);
    out.put("createdAt", time(row.createdAt()));
    out.put("updatedAt", time(row.updatedAt()));
    return out;
  }

  static Map<String, Object> node(EgressNode n) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", n.id());
    out.put("senderId", n.senderId());
    out.put("label", n.label());
    out.put("status", nodeStatus(n.status()));
    out.put("exitIp", n.exitIp());
    out.put("exitCountry", n.exitCountry());
    out.put("net", n.net());
    out.put("lastSeenAt", time(n.lastSeenAt()));
    out.put("createdAt", time(n.createdAt()));
    return out;
  }

  static String nodeStatus(EgressNode.Status status) {
    return status == EgressNode.Status.REVOKED ? "offline" : status.wireName();
  }

  static Map<String, Object> apiKey(KeyRow row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("name", row.name());
    out.put("prefix", row.prefix());
    out.put("mode", row.mode());
    out.put(
        "capabilities",
        ApiKeys.capabilitiesOf(row).stream().map(Capability::wireName).sorted().toList());
    out.put("createdAt", time(row.createdAt()));
    out.put("lastUsedAt", row.lastUsedAt() == null ? null : time(row.lastUsedAt()));
    out.put("expiresAt", row.expiresAt() == null ? null : time(row.expiresAt()));
    return out;
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
