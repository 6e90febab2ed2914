package dev.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Field rules of the text/event-stream format. */
class SseReaderTest {
  private final List<String> out = new ArrayList<>();

  private String read(String initialId, String stream) throws Exception {
    SseReader reader =
        new SseReader(
            initialId,
            new SseReader.Handler() {
              @Override
              public void onMessage(String lastEventId, String eventType, String data) {
                out.add(lastEventId + "|" + eventType + "|" + data);
              }

              @Override
              public void onRetry(long millis) {
                out.add("retry " + millis);
              }
            });
    reader.readAll(new Buffer().writeUtf8(stream));
    return reader.lastEventId();
  }

  @Test
  void multiLineDataIsJoinedWithNewlines() throws Exception {
    read(null, "data: a\ndata:b\ndata:  c\n\n");
    assertEquals(List.of("null|message|a\nb\n c"), out);
  }

  @Test
  void crlfLinesCommentsAndUnknownFields() throws Exception {
    read(null, ": comment\r\nevent: x\r\nfoo: bar\r\ndata: 1\r\n\r\n");
    assertEquals(List.of("null|x|1"), out);
  }

  @Test
  void idPersistsAcrossMessagesAndNulIdsAreIgnored() throws Exception {
    String last =
        read("e0", "data: a\n\nid: e1\ndata: b\n\ndata: c\n\nid: bad\u0000id\ndata: d\n\n");
    assertEquals(List.of("e0|message|a", "e1|message|b", "e1|message|c", "e1|message|d"), out);
    assertEquals("e1", last);
  }

  @Test
  void eventTypeResetsAfterEachMessage() throws Exception {
    read(null, "event: a\ndata: 1\n\ndata: 2\n\n");
    assertEquals(List.of("null|a|1", "null|message|2"), out);
  }

  @Test
  void messageWithoutDataIsNotDispatchedButIdCounts() throws Exception {
    String last = read(null, "id: e5\nevent: x\n\n");
    assertEquals(List.of(), out);
    assertEquals("e5", last);
  }

  @Test
  void retryTakesDigitsOnly() throws Exception {
    read(null, "retry: 1500\nretry: 1s\nretry\ndata\n\n");
    assertEquals(List.of("retry 1500", "null|message|"), out);
  }

  @Test
  void truncatedMessageIsDiscarded() throws Exception {
    read(null, "data: complete\n\ndata: cut off");
    assertEquals(List.of("null|message|complete"), out);
  }
}
