package dev.wagateway.server.internal.api;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.server.internal.auth.Capability;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Body;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.http.Json;
import dev.wagateway.server.internal.http.Reply;
import dev.wagateway.server.internal.http.Route;
import dev.wagateway.server.internal.session.MediaRules;
import dev.wagateway.server.internal.session.SessionService.MediaMessage;
import dev.wagateway.server.internal.session.SessionService.MessageView;
import dev.wagateway.server.internal.session.SessionService.OutgoingMessage;
import dev.wagateway.server.internal.session.SessionService.ReactionMessage;
import dev.wagateway.server.internal.session.SessionService.SessionView;
import dev.wagateway.server.internal.session.SessionService.TextMessage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The gateway family's messages: {@code /api/v1/sessions/{session}/messages...}. Text, replies,
 * reactions and media by URL as JSON; media by upload as {@code multipart/form-data} (see {@link
 * MediaUploads}); both under an optional {@code Idempotency-Key} (see {@link Idempotency}).
 */
final class GatewayMessagesApi {
  private static final Pattern PHONE = Pattern.compile("[1-9][0-9]{6,14}");
  private static final Pattern JID =
      Pattern.compile("[0-9A-Za-z.:_-]{1,64}@(s\\.whatsapp\\.net|g\\.us|lid)");
  private static final Set<String> SENDABLE_STATUSES = Set.of("connected", "reconnecting");
  private static final Set<String> TYPES =
      Set.of("text", "reaction", "image", "video", "audio", "document", "sticker");
  private static final Set<String> CAPTIONED = Set.of("image", "video", "document");
  private static final String BASE = "/api/v1/sessions/{session}/messages";

  private final ApiContext ctx;
  private final Idempotency idempotency;
  private final MediaUploads uploads;

  GatewayMessagesApi(ApiContext ctx) {
    this.ctx = ctx;
    this.idempotency = new Idempotency(ctx.idempotency(), ctx.clock());
    this.uploads = new MediaUploads();
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", BASE, Capability.SEND, this::send),
        new Route("POST", BASE + "/media", Capability.SEND, this::upload),
        new Route("GET", BASE + "/{messageId}", Capability.READ, this::get));
  }

  private Reply send(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    String contentType = ex.header("Content-Type");
    if (contentType != null && !"application/json".equals(MediaRules.essence(contentType))) {
      throw unsupported("the body must be application/json", Map.of("contentType", contentType));
    }
    String key = Idempotency.key(ex.header(Idempotency.HEADER));
    OutgoingMessage message = parse(ex.json());
    return idempotency.run(
        ex.principal().orgId(),
        s.id(),
        key,
        fingerprint("sendMessage", message, null),
        () -> accept(s, message, () -> {}));
  }

  private Reply upload(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    String key = Idempotency.key(ex.header(Idempotency.HEADER));
    MediaUploads.Upload upload = uploads.receive(ex);
    try {
      Body body = Body.of(Json.writeBytes(upload.fields()));
      String type = mediaType(body);
      body.allowOnly(Set.of("type", "to", "caption", "filename", "voiceNote", "replyTo"));
      long limit = MediaRules.limitBytes(type);
      if (upload.length() > limit) {
        throw tooLarge(type, limit);
      }
      boolean voiceNote = Boolean.TRUE.equals(body.optBoolean("voiceNote"));
      String mismatch = MediaRules.mismatch(type, upload.contentType(), voiceNote);
      if (mismatch != null) {
        throw unsupported(
            "the file part's Content-Type does not fit: " + mismatch,
            Map.of("field", "file", "type", type));
      }
      String filename = body.optString("filename", 1, 255);
      if (filename == null && "document".equals(type)) {
        filename = upload.fileName();
      }
      MediaMessage message =
          media(
              body,
              type,
              null,
              upload.file(),
              MediaRules.normalized(upload.contentType()),
              filename);
      return idempotency.run(
          ex.principal().orgId(),
          s.id(),
          key,
          fingerprint("sendMediaUpload", message, upload.sha256()),
          () -> accept(s, message, upload::handOver));
    } finally {
      upload.discardUnlessHandedOver();
    }
  }

  private Reply get(Exchange ex) {
    SessionView s = ctx.session(ex.principal(), ex.path("session"));
    return Reply.ok(
        message(
            ctx.sessions()
                .message(s.id(), ex.path("messageId"))
                .orElseThrow(() -> ApiException.notFound("message not found"))));
  }

  /**
   * The session must be able to send; then the message goes to the session layer ({@code handOver}
   * runs just before: an uploaded file is the session layer's from then on).
   */
  private Reply accept(SessionView s, OutgoingMessage message, Runnable handOver) {
    SessionView now = ctx.sessions().get(s.id()).orElse(s);
    String status =
        Views.gatewayStatus(
            now.status(), now.desiredStarted(), now.lastError(), now.identity() != null);
    if (!SENDABLE_STATUSES.contains(status)) {
      throw new ApiException(
          ApiError.CONFLICT,
          "session is " + status + "; it must be connected or reconnecting to send",
          Map.of("reason", "session_not_connected", "status", status));
    }
    handOver.run();
    return Reply.json(202, message(ctx.sessions().send(s.id(), message)));
  }

  /** A {@code sendMessage} body, validated field by field. */
  private OutgoingMessage parse(Body body) {
    String type = body.optEnum("type", TYPES);
    if (type == null) {
      throw ApiException.validation("type", "type is required");
    }
    switch (type) {
      case "text" -> {
        body.allowOnly(Set.of("type", "to", "text", "replyTo"));
        String to = recipient(body.string("to", 1, 128));
        return new TextMessage(
            to, body.string("text", 1, 65536), body.optString("replyTo", 1, 128));
      }
      case "reaction" -> {
        body.allowOnly(Set.of("type", "to", "messageId", "emoji"));
        String to = recipient(body.string("to", 1, 128));
        return new ReactionMessage(
            to, body.string("messageId", 1, 128), body.string("emoji", 0, 32));
      }
      default -> {
        body.allowOnly(
            Set.of(
                "type",
                "to",
                "mediaUrl",
                "mimeType",
                "caption",
                "filename",
                "voiceNote",
                "replyTo"));
        URI url = mediaUrl(body.string("mediaUrl", 1, 4096));
        String mime = body.optString("mimeType", 1, 255);
        boolean voiceNote = Boolean.TRUE.equals(body.optBoolean("voiceNote"));
        if (mime != null) {
          String mismatch = MediaRules.mismatch(type, mime, voiceNote);
          if (mismatch != null) {
            throw unsupported(mismatch, Map.of("field", "mimeType", "type", type));
          }
          mime = MediaRules.normalized(mime);
        }
        return media(body, type, url, null, mime, body.optString("filename", 1, 255));
      }
    }
  }

  private static String mediaType(Body body) {
    String type = body.optEnum("type", Set.of("image", "video", "audio", "document", "sticker"));
    if (type == null) {
      throw ApiException.validation("type", "type is required");
    }
    return type;
  }

  /** The fields every media message shares, checked against its type. */
  private static MediaMessage media(
      Body body, String type, URI url, Path file, String mime, String filename) {
    String to = recipient(body.string("to", 1, 128));
    String caption = body.optString("caption", 0, 4096);
    if (caption != null && !CAPTIONED.contains(type)) {
      throw ApiException.validation("caption", "caption is only for image, video and document");
    }
    if (body.has("filename") && !"document".equals(type)) {
      throw ApiException.validation("filename", "filename is only for document");
    }
    boolean voiceNote = Boolean.TRUE.equals(body.optBoolean("voiceNote"));
    if (voiceNote && !"audio".equals(type)) {
      throw ApiException.validation("voiceNote", "voiceNote is only for audio");
    }
    return new MediaMessage(
        to, type, url, file, mime, caption, filename, voiceNote, body.optString("replyTo", 1, 128));
  }

  private static URI mediaUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.isAbsolute()
          && (scheme.equals("https") || scheme.equals("http"))
          && uri.getHost() != null
          && !uri.getHost().isEmpty()) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ApiException.validation("mediaUrl", "mediaUrl must be an absolute https or http URL");
  }

  /**
   * What identifies a request for Idempotency-Key: the operation and its validated fields (for an
   * upload the file's SHA-256 instead of where it was spooled).
   */
  private static String fingerprint(String operation, OutgoingMessage m, String fileSha256) {
    Map<String, Object> fields = new TreeMap<>();
    fields.put("operation", operation);
    fields.put("type", m.type());
    fields.put("to", m.to());
    if (m instanceof TextMessage t) {
      fields.put("text", t.text());
      fields.put("replyTo", t.replyTo());
    } else if (m instanceof ReactionMessage r) {
      fields.put("messageId", r.messageId());
      fields.put("emoji", r.emoji());
    } else if (m instanceof MediaMessage media) {
      fields.put("url", media.url() == null ? null : media.url().toString());
      fields.put("file", fileSha256);
      fields.put("mimeType", media.mimeType());
      fields.put("caption", media.caption());
      fields.put("filename", media.filename());
      fields.put("voiceNote", media.voiceNote());
      fields.put("replyTo", media.replyTo());
    }
    fields.values().removeIf(java.util.Objects::isNull);
    return Idempotency.sha256(Json.writeBytes(fields));
  }

  static ApiException tooLarge(String type, long limit) {
    return new ApiException(
        ApiError.PAYLOAD_TOO_LARGE,
        type + " media is limited to " + limit + " bytes",
        Map.of("limitBytes", limit, "type", type));
  }

  static ApiException unsupported(String message, Map<String, Object> details) {
    return new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, message, details);
  }

  /** Phone digits become a user JID; a JID passes as it is. */
  static String recipient(String to) {
    if (PHONE.matcher(to).matches()) {
      return to + "@s.whatsapp.net";
    }
    if (JID.matcher(to).matches()) {
      return to;
    }
    throw ApiException.validation(
        "to", "to must be international digits without + (e.g. 628123456789) or a JID");
  }

  static Map<String, Object> message(MessageView m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("sessionId", m.sessionId());
    out.put("to", m.to());
    out.put("type", m.type());
    out.put("status", m.status());
    if ("failed".equals(m.status())) {
      out.put(
          "error",
          Map.of(
              "code",
              m.errorCode() == null ? ErrorCode.SEND_FAILED.wireName() : m.errorCode(),
              "message",
              m.errorMessage() == null ? "the message could not be sent" : m.errorMessage()));
    }
    out.put("createdAt", Views.time(m.createdAt()));
    out.put("updatedAt", Views.time(m.updatedAt()));
    return out;
  }
}
