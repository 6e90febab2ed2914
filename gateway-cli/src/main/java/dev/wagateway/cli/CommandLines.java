package dev.wagateway.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.host.SessionHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Commands read as JSON lines on standard input by {@code wagateway pair --json} (one object per
 * line, UTF-8): {@code {"type":"send","to":"<jid>","text":"…"}} and {@code {"type":"exit"}}. Each
 * command is answered with one JSON line: {@code {"type":"command.result","command":"send",
 * "id":"<message id>"}} or {@code {"type":"command.error","command":…,"error":…,"message":…}}.
 */
final class CommandLines {
  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private final SessionHost host;
  private final String sessionId;
  private final PrintWriter out;
  private final Runnable exit;

  CommandLines(SessionHost host, String sessionId, PrintWriter out, Runnable exit) {
    this.host = host;
    this.sessionId = sessionId;
    this.out = out;
    this.exit = exit;
  }

  /** Reads commands until end of input or an exit command; never throws. */
  void run(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (!handle(line)) {
          return;
        }
      }
    } catch (IOException e) {
      print(error("input", "io_error", e.getMessage()));
    }
  }

  /** Handles one line; false after an exit command. */
  boolean handle(String line) {
    Map<String, Object> command;
    try {
      command = JSON.fromJson(line);
    } catch (IOException | JsonDataException e) {
      print(error("parse", "bad_json", "not a JSON object: " + e.getMessage()));
      return true;
    }
    if (command == null) {
      print(error("parse", "bad_json", "not a JSON object"));
      return true;
    }
    Object type = command.get("type");
    if ("exit".equals(type)) {
      exit.run();
      return false;
    }
    if (!"send".equals(type)) {
      print(error(String.valueOf(type), "unknown_command", "known commands: send, exit"));
      return true;
    }
    Object to = command.get("to");
    Object text = command.get("text");
    if (!(to instanceof String) || !(text instanceof String)) {
      print(error("send", "bad_command", "send needs string fields to and text"));
      return true;
    }
    try {
      String id = host.sendText(sessionId, (String) to, (String) text);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("type", "command.result");
      result.put("command", "send");
      result.put("id", id);
      Object ref = command.get("ref");
      if (ref != null) {
        result.put("ref", ref);
      }
      print(result);
    } catch (GatewayException e) {
      print(error("send", e.code(), e.getMessage()));
    }
    return true;
  }

  private static Map<String, Object> error(String command, String code, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "command.error");
    out.put("command", command);
    out.put("error", code);
    out.put("message", message == null ? "" : message);
    return out;
  }

  private void print(Map<String, Object> line) {
    synchronized (out) {
      out.println(JSON.toJson(line));
      out.flush();
    }
  }
}
