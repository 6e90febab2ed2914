package dev.wagateway.server.internal.http;

/** What a route answers: a status, a content type and the body bytes (or a streamed reply). */
public record Reply(
    int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
  public static Reply json(int status, Object tree) {
    return new Reply(status, "application/json", Json.writeBytes(tree), java.util.Map.of());
  }

  public static Reply ok(Object tree) {
    return json(200, tree);
  }

  public static Reply noContent() {
    return new Reply(204, null, new byte[0], java.util.Map.of());
  }

  public static Reply bytes(
      String contentType, byte[] body, java.util.Map<String, String> headers) {
    return new Reply(200, contentType, body, headers);
  }

  /** Marks a reply that the route already wrote itself (server-sent events). */
  public static final Reply STREAMED = new Reply(0, null, new byte[0], java.util.Map.of());
}
