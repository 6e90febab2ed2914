package dev.wagateway.core.event;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.wagateway.core.Identity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of events, as the server's event stream and webhooks send them: {@code {"type":…,
 * "sessionId":…, "at":…, …}} with ISO-8601 instants; null fields are left out.
 */
public final class SessionEvents {
  private static final JsonAdapter<Map<String, Object>> ADAPTER =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private SessionEvents() {}

  /** One line of JSON for {@code event}. */
  public static String toJson(SessionEvent event) {
    return ADAPTER.toJson(toMap(event));
  }

  /** The event as an ordered map of JSON values (strings, booleans, nested maps). */
  public static Map<String, Object> toMap(SessionEvent event) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", event.type());
    out.put("sessionId", event.sessionId());
    out.put("at", iso(event.at()));
    if (event instanceof StatusChanged e) {
      out.put("status", e.status().wireName());
      put(out, "lastError", e.lastError());
      if (e.identity() != null) {
        out.put("identity", identity(e.identity()));
      }
    } else if (event instanceof QrCodeIssued e) {
      out.put("code", e.code());
      out.put("expiresAt", iso(e.expiresAt()));
    } else if (event instanceof PairingCodeIssued e) {
      out.put("code", e.code());
    } else if (event instanceof Paired e) {
      out.put("identity", identity(e.identity()));
    } else if (event instanceof LoggedOut e) {
      out.put("reason", e.reason());
    } else if (event instanceof Disconnected e) {
      out.put("reason", e.reason());
      out.put("willReconnect", e.willReconnect());
    } else if (event instanceof MessageReceived e) {
      out.put("id", e.key().id());
      out.put("chat", e.chat());
      out.put("sender", e.sender());
      put(out, "pushName", e.pushName());
      out.put("fromMe", e.fromMe());
      put(out, "timestamp", e.timestamp() == null ? null : iso(e.timestamp()));
      out.put("content", MessageJson.content(e.content()));
    } else if (event instanceof MessageSent e) {
      out.put("id", e.messageId());
      out.put("chat", e.chat());
      put(out, "serverTimestamp", e.serverTimestamp() == null ? null : iso(e.serverTimestamp()));
    } else if (event instanceof MessageDelivered e) {
      out.put("id", e.messageId());
      out.put("chat", e.chat());
      out.put("by", e.by());
    } else if (event instanceof MessageRead e) {
      out.put("id", e.messageId());
      out.put("chat", e.chat());
      out.put("by", e.by());
    } else if (event instanceof MessageFailed e) {
      out.put("id", e.messageId());
      out.put("chat", e.chat());
      out.put("reason", e.reason());
    } else if (event instanceof UndecryptableMessage e) {
      out.put("id", e.messageId());
      out.put("chat", e.chat());
      out.put("sender", e.sender());
      out.put("reason", e.reason());
    } else if (event instanceof SessionDegraded e) {
      out.put("reconnects", e.reconnects());
      out.put("windowSeconds", e.window().toSeconds());
      out.put("lastReason", e.lastReason());
    } else if (event instanceof CallReceived e) {
      out.put("callId", e.callId());
      out.put("caller", e.caller());
      put(out, "group", e.group());
      out.put("video", e.video());
      out.put("rejected", e.rejected());
    } else if (event instanceof CallEnded e) {
      out.put("callId", e.callId());
      out.put("caller", e.caller());
      out.put("reason", e.reason());
    }
    return out;
  }

  /** An identity as a JSON object. */
  public static Map<String, Object> identity(Identity identity) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jid", identity.jid());
    put(out, "lid", identity.lid());
    out.put("deviceId", identity.deviceId());
    out.put("phone", identity.phone());
    put(out, "pushName", identity.pushName());
    put(out, "platform", identity.platform());
    return out;
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  private static String iso(Instant at) {
    return at.toString();
  }
}
