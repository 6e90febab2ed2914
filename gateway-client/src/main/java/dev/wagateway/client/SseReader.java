package dev.wagateway.client;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Parses a {@code text/event-stream} body as the HTML standard describes: {@code data:} lines are
 * joined with newlines, {@code event:} names the type, {@code id:} sets the last event id (kept
 * across messages; ignored if it contains NUL), {@code retry:} sets the reconnection delay, lines
 * starting with {@code :} are comments, and a blank line dispatches. A message without data is not
 * dispatched; a message cut off by the end of the stream is discarded.
 */
final class SseReader {
  /** Receives parsed messages. */
  interface Handler {
    void onMessage(String lastEventId, String eventType, String data);

    void onRetry(long millis);
  }

  private final Handler handler;
  private String lastEventId;

  SseReader(String lastEventId, Handler handler) {
    this.lastEventId = lastEventId;
    this.handler = handler;
  }

  /** The last event id seen (or the initial one). */
  String lastEventId() {
    return lastEventId;
  }

  /** Reads until the end of the stream. */
  void readAll(BufferedSource source) throws IOException {
    StringBuilder data = new StringBuilder();
    String eventType = null;
    boolean hasData = false;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (hasData) {
          data.setLength(data.length() - 1);
          handler.onMessage(
              lastEventId,
              eventType == null || eventType.isEmpty() ? "message" : eventType,
              data.toString());
        }
        data.setLength(0);
        hasData = false;
        eventType = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> {
          data.append(value).append('\n');
          hasData = true;
        }
        case "event" -> eventType = value;
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            lastEventId = value;
          }
        }
        case "retry" -> {
          if (!value.isEmpty()
              && value.chars().allMatch(Character::isDigit)
              && value.length() < 18) {
            handler.onRetry(Long.parseLong(value));
          }
        }
        default -> {
          // unknown fields are ignored
        }
      }
    }
  }
}
