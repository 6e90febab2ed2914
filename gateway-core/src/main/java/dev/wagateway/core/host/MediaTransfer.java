package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.internal.media.MediaClient;
import dev.wagateway.core.internal.media.MediaConn;
import dev.wagateway.core.internal.media.MediaException;
import dev.wagateway.core.internal.media.MediaType;
import dev.wagateway.core.internal.media.UrlDownload;
import dev.wagateway.core.message.FetchedMedia;
import dev.wagateway.core.message.MediaFile;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.wire.WireException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Media for one session (docs/protocol/messaging.md §5): {@code media_conn} (cached until its ttl),
 * upload of a {@link MediaUpload} into a media message, and verified download. Every HTTP
 * connection goes through the session's egress; plain HTTP is used only when the chat endpoint
 * itself is plain {@code ws://} (the simulator on loopback). Called off the actor.
 */
final class MediaTransfer {
  private final Session session;
  private final Messaging messaging;
  private MediaConn conn;

  MediaTransfer(Session session, Messaging messaging) {
    this.session = session;
    this.messaging = messaging;
  }

  MessageContent.Media upload(MediaUpload upload) {
    return upload(
        new MediaFile(
            upload.kind(),
            Path.of("in-memory"),
            upload.mimetype(),
            upload.caption(),
            upload.fileName(),
            false),
        new ByteArrayInputStream(upload.data()));
  }

  /** Uploads a file, streamed from disk. */
  MessageContent.Media upload(MediaFile file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file.file()))) {
      return upload(file, in);
    } catch (IOException e) {
      throw new MediaException(
          ErrorCode.MEDIA_UPLOAD_FAILED, "the media file cannot be read: " + e.getMessage(), e);
    }
  }

  private MessageContent.Media upload(MediaFile file, InputStream data) {
    MediaType type = type(file.kind());
    try (MediaClient client = client()) {
      MediaInfo info = client.upload(data, type, file.mimetype(), mediaConn());
      return switch (file.kind()) {
        case IMAGE -> new MessageContent.Image(info, file.caption(), 0, 0);
        case VIDEO -> new MessageContent.Video(info, file.caption(), 0, 0, 0, false);
        case AUDIO -> new MessageContent.Audio(info, 0, file.voiceNote());
        case DOCUMENT ->
            new MessageContent.Document(info, file.fileName(), file.fileName(), file.caption(), 0);
        case STICKER -> new MessageContent.Sticker(info, 0, 0, false);
      };
    } catch (IOException e) {
      throw new MediaException(
          ErrorCode.MEDIA_UPLOAD_FAILED, "media upload failed: " + e.getMessage(), e);
    }
  }

  /** Downloads a caller's media URL through the session's egress (never directly). */
  FetchedMedia fetch(URI url, long maxBytes, Path target) {
    return UrlDownload.fetch(egress(), url, maxBytes, target);
  }

  byte[] download(MessageContent.Media media) {
    try (MediaClient client = client()) {
      return client.download(media.media(), MediaType.of(media), mediaConn());
    } catch (IOException e) {
      throw new MediaException(
          ErrorCode.MEDIA_DOWNLOAD_FAILED, "media download failed: " + e.getMessage(), e);
    }
  }

  private synchronized MediaConn mediaConn() {
    if (conn == null || conn.expired(session.now())) {
      try {
        conn = MediaConn.parse(messaging.iq(MediaConn::request), session.now());
      } catch (WireException e) {
        throw new MediaException(
            ErrorCode.MEDIA_CONN_UNAVAILABLE, "unreadable media_conn: " + e.getMessage());
      }
    }
    return conn;
  }

  private Egress egress() {
    Egress egress = session.host.config.egressResolver().resolve(session.snapshot());
    if (egress == null) {
      throw new GatewayException.EgressUnavailableException("the resolver gave no egress", null);
    }
    return egress;
  }

  private MediaClient client() {
    Egress egress = egress();
    String scheme = "ws".equals(session.host.config.endpoint().getScheme()) ? "http" : "https";
    return new MediaClient(
        egress, session.host.config.random(), session.host.clock(), scheme, null);
  }

  private static MediaType type(MediaUpload.Kind kind) {
    return switch (kind) {
      case IMAGE -> MediaType.IMAGE;
      case VIDEO -> MediaType.VIDEO;
      case AUDIO -> MediaType.AUDIO;
      case DOCUMENT -> MediaType.DOCUMENT;
      case STICKER -> MediaType.STICKER;
    };
  }
}
