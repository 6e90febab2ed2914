package dev.wagateway.server.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wagateway.core.event.MessageDelivered;
import dev.wagateway.core.event.MessageFailed;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.server.internal.events.ApiEventType;
import dev.wagateway.server.internal.session.SessionService.ServerEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core's message events in the API's event fields (translation needs no host). */
class MessageEventTranslationTest {
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
  private static final String CHAT = "15550100002@s.whatsapp.net";
  private final HostSessionService service = new HostSessionService(null, null, Clock.systemUTC());

  @Test
  void sentCarriesMessageIdAndChat() {
    ServerEvent e = service.translate(new MessageSent("sess_a", AT, "3EB0AA", CHAT, AT));
    assertEquals(ApiEventType.MESSAGE_SENT, e.type());
    assertEquals(Map.of("messageId", "3EB0AA", "to", CHAT), e.fields());
  }

  @Test
  void receivedTextCarriesSenderTypeTextAndTimestamp() {
    ServerEvent e =
        service.translate(
            new MessageReceived(
                "sess_a",
                AT,
                new MessageKey(CHAT, false, "3EB0BB", null),
                CHAT,
                CHAT,
                "Demo Contact",
                AT.minusSeconds(2),
                new MessageContent.Text("hi"),
                false));
    Map<String, Object> f = e.fields();
    assertEquals(ApiEventType.MESSAGE_RECEIVED, e.type());
    assertEquals("3EB0BB", f.get("messageId"));
    assertEquals(CHAT, f.get("chat"));
    assertEquals(CHAT, f.get("from"));
    assertFalse((Boolean) f.get("fromMe"));
    assertEquals("Demo Contact", f.get("pushName"));
    assertEquals("text", f.get("messageType"));
    assertEquals("hi", f.get("text"));
    assertEquals("2026-11-22T09:59:58Z", f.get("timestamp"));
  }

  @Test
  void receiptsNameAParticipantOnlyInGroupsAndFailuresCarryAnError() {
    assertEquals(
        Map.of("messageId", "3EB0CC", "to", CHAT),
        service.translate(new MessageDelivered("sess_a", AT, "3EB0CC", CHAT, CHAT)).fields());
    assertEquals(
        Map.of("messageId", "3EB0CC", "to", "1203@g.us", "participant", CHAT),
        service
            .translate(new MessageDelivered("sess_a", AT, "3EB0CC", "1203@g.us", CHAT))
            .fields());
    Map<String, Object> failed =
        service
            .translate(new MessageFailed("sess_a", AT, "3EB0DD", CHAT, "server_rejected"))
            .fields();
    assertEquals("3EB0DD", failed.get("messageId"));
    assertEquals("server_rejected", ((Map<?, ?>) failed.get("error")).get("code"));
  }
}
