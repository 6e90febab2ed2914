package dev.wagateway.core.internal.media;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.OkHttpEgress;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads and downloads encrypted media over HTTPS (docs/protocol/messaging.md §5.4, §5.5), every
 * connection through the session's {@link Egress}. Blobs are staged in temporary files, so memory
 * stays bounded whatever the file size; the MAC and hash are checked before any plaintext is handed
 * out.
 */
public final class MediaClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaClient.class);

  /** The host Baileys falls back to when no media_conn is at hand. */
  public static final String DEFAULT_HOST = "mmg.whatsapp.net";

  /** Largest blob downloaded when the message gives no file length: 2 GiB. */
  public static final long DEFAULT_MAX_DOWNLOAD = 2L << 30;

  private static final String ORIGIN = "https://web.whatsapp.com";
  private static final okhttp3.MediaType OCTET_STREAM =
      okhttp3.MediaType.get("application/octet-stream");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final OkHttpClient http;
  private final SecureRandom random;
  private final Clock clock;
  private final String scheme;
  private final Path tempDir;

  /** HTTPS through {@code egress}, temporary files in the JVM's temp directory. */
  public MediaClient(Egress egress, SecureRandom random, Clock clock) {
    this(egress, random, clock, "https", null);
  }

  /**
   * @param scheme {@code https}; {@code http} only for loopback tests and the simulator
   * @param tempDir where blobs are staged; null for the JVM's temp directory
   */
  public MediaClient(Egress egress, SecureRandom random, Clock clock, String scheme, Path tempDir) {
    Objects.requireNonNull(egress, "egress");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new ValidationException("media scheme must be https or http");
    }
    this.scheme = scheme;
    this.tempDir = tempDir;
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(20))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .callTimeout(Duration.ofMinutes(10))
            .followRedirects(false);
    this.http = OkHttpEgress.configure(builder, egress).build();
  }

  /**
   * Encrypts and uploads {@code plaintext} with a fresh media key, trying the hosts in order.
   *
   * @param mimetype recorded in the returned info; may be null
   * @return the fields for the media message
   * @throws MediaException {@code media_upload_failed} when every host failed
   */
  /**
   * Encrypts and uploads {@code plaintext} with a fresh media key, trying the hosts in order.
   *
   * @param mimetype recorded in the returned info; may be null
   * @return the fields for the media message
   * @throws MediaException {@code media_upload_failed} when every host failed
   */
  public MediaInfo upload(InputStream plaintext, MediaType type, String mimetype, MediaConn conn)
      throws IOException {
    Objects.requireNonNull(conn, "conn");
    byte[] mediaKey = new byte[32];
    random.nextBytes(mediaKey);
    MediaKeys keys = MediaKeys.expand(mediaKey, type);
    Path blob = tempFile();
    try {
      MediaCipher.EncryptedMedia encrypted;
      try (OutputStream out = Files.newOutputStream(blob)) {
        encrypted = MediaCipher.encrypt(plaintext, out, keys);
      }
      String token =
          Base64.getUrlEncoder().withoutPadding().encodeToString(encrypted.fileEncSha256());
      IOException lastError = null;
      for (String host : conn.hosts()) {
        HttpUrl url =
            base(host)
                .addPathSegment("mms")
                .addPathSegment(type.mmsType())
                .addPathSegment(token)
                .addQueryParameter("auth", conn.auth())
                .addQueryParameter("token", token)
                .build();
        Request request =
            new Request.Builder()
                .url(url)
                .header("Origin", ORIGIN)
                .header("Referer", ORIGIN + "/")
                .post(RequestBody.create(blob.toFile(), OCTET_STREAM))
                .build();
        try (Response response = http.newCall(request).execute()) {
          if (!response.isSuccessful()) {
            lastError = new IOException("media host answered HTTP " + response.code());
            log.warn("media upload to a host failed with HTTP {}", response.code());
            continue;
          }
          Map<?, ?> json = json(response.body());
          String directPath = string(json, "direct_path");
          String resultUrl = string(json, "url");
          if (directPath == null && resultUrl == null) {
            lastError = new IOException("media host answer has neither url nor direct_path");
            continue;
          }
          return new MediaInfo(
              resultUrl,
              directPath,
              mediaKey,
              encrypted.fileSha256(),
              encrypted.fileEncSha256(),
              encrypted.fileLength(),
              mimetype,
              clock.instant().getEpochSecond());
        } catch (IOException e) {
          lastError = e;
          log.warn("media upload to a host failed: {}", e.getClass().getSimpleName());
        }
      }
      throw new MediaException(
          ErrorCode.MEDIA_UPLOAD_FAILED, "media upload failed on every host", lastError);
    } finally {
      Files.deleteIfExists(blob);
    }
  }

  /** Downloads, verifies and decrypts into memory; for small files. */
  public byte[] download(MediaInfo media, MediaType type, MediaConn conn) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    download(media, type, conn, out);
    return out.toByteArray();
  }

  /**
   * Downloads the blob of {@code media}, checks its SHA-256 and MAC, and decrypts it into {@code
   * out}; the plaintext's SHA-256 is checked last, so on any exception discard what {@code out}
   * received.
   *
   * @param conn the media hosts to try (with {@code media.directPath()}); null uses {@code
   *     media.url()}, or the default host
   * @return the plaintext length
   * @throws CryptoException {@code media_hash_mismatch}, {@code media_mac_mismatch}, {@code
   *     media_truncated}, {@code media_decrypt_failed}
   * @throws MediaException {@code media_expired} (403/404/410), {@code media_too_large}, {@code
   *     media_download_failed}
   */
  public long download(MediaInfo media, MediaType type, MediaConn conn, OutputStream out)
      throws IOException {
    Objects.requireNonNull(media, "media");
    if (!media.downloadable()) {
      throw new ValidationException("media info lacks the key, hashes or path to download");
    }
    MediaKeys keys = MediaKeys.expand(media.mediaKey(), type);
    long limit =
        media.fileLength() > 0
            ? media.fileLength() + 16 + MediaCipher.MAC_LENGTH
            : DEFAULT_MAX_DOWNLOAD;
    Path blob = tempFile();
    try {
      long length = fetch(urls(media, conn), blob, limit);
      try (InputStream in = new BufferedInputStream(Files.newInputStream(blob))) {
        MediaCipher.verify(in, length, keys, media.fileEncSha256());
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(blob))) {
        return MediaCipher.decrypt(in, length, keys, media.fileSha256(), out);
      }
    } finally {
      Files.deleteIfExists(blob);
    }
  }

  /** Releases the HTTP client's pooled connections and threads. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private List<HttpUrl> urls(MediaInfo media, MediaConn conn) {
    List<HttpUrl> urls = new ArrayList<>();
    if (media.directPath() != null) {
      if (!media.directPath().startsWith("/")) {
        throw new ValidationException("media direct path must start with /");
      }
      List<String> hosts = conn != null ? conn.hosts() : List.of(DEFAULT_HOST);
      for (String host : hosts) {
        HttpUrl url = HttpUrl.parse(base(host).build() + media.directPath().substring(1));
        if (url != null) {
          urls.add(url);
        }
      }
    }
    if (media.url() != null) {
      HttpUrl url = HttpUrl.parse(media.url());
      if (url != null && !urls.contains(url)) {
        urls.add(url);
      }
    }
    if (urls.isEmpty()) {
      throw new ValidationException("media has no usable URL");
    }
    return urls;
  }

  /** Streams the first successful answer into {@code target}; returns its length. */
  private long fetch(List<HttpUrl> urls, Path target, long limit) throws IOException {
    IOException lastError = null;
    for (HttpUrl url : urls) {
      Request request =
          new Request.Builder()
              .url(url)
              .header("Origin", ORIGIN)
              .header("Referer", ORIGIN + "/")
              .get()
              .build();
      try (Response response = http.newCall(request).execute()) {
        int code = response.code();
        if (code == 403 || code == 404 || code == 410) {
          throw new MediaException(
              ErrorCode.MEDIA_EXPIRED,
              "media host answered HTTP " + code + "; ask for a re-upload");
        }
        if (!response.isSuccessful()) {
          lastError = new IOException("media host answered HTTP " + code);
          log.warn("media download from a host failed with HTTP {}", code);
          continue;
        }
        ResponseBody body = response.body();
        if (body == null) {
          lastError = new IOException("media host answer has no body");
          continue;
        }
        if (body.contentLength() > limit) {
          throw new MediaException(ErrorCode.MEDIA_TOO_LARGE, "media blob is larger than expected");
        }
        return copyBounded(body.byteStream(), target, limit);
      } catch (MediaException e) {
        throw e;
      } catch (IOException e) {
        lastError = e;
        log.warn("media download from a host failed: {}", e.getClass().getSimpleName());
      }
    }
    throw new MediaException(
        ErrorCode.MEDIA_DOWNLOAD_FAILED, "media download failed on every host", lastError);
  }

  private static long copyBounded(InputStream in, Path target, long limit) throws IOException {
    return copyBounded(
        in,
        target,
        limit,
        () -> new MediaException(ErrorCode.MEDIA_TOO_LARGE, "media blob is larger than expected"));
  }

  /**
   * Streams {@code in} into {@code target}, throwing {@code tooLarge} at the first byte over {@code
   * limit}; the number of bytes written.
   */
  static long copyBounded(
      InputStream in, Path target, long limit, Supplier<MediaException> tooLarge)
      throws IOException {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > limit) {
          throw tooLarge.get();
        }
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  private HttpUrl.Builder base(String host) {
    HttpUrl.Builder b = new HttpUrl.Builder().scheme(scheme);
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) {
      try {
        b.port(Integer.parseInt(host.substring(colon + 1)));
        host = host.substring(0, colon);
      } catch (IllegalArgumentException e) {
        throw new MediaException(ErrorCode.MEDIA_CONN_UNAVAILABLE, "media host has a bad port");
      }
    }
    try {
      return b.host(host);
    } catch (IllegalArgumentException e) {
      throw new MediaException(ErrorCode.MEDIA_CONN_UNAVAILABLE, "media host name is invalid");
    }
  }

  private Path tempFile() throws IOException {
    return tempDir == null
        ? Files.createTempFile("wagateway-media", ".blob")
        : Files.createTempFile(tempDir, "wagateway-media", ".blob");
  }

  private static Map<?, ?> json(ResponseBody body) throws IOException {
    if (body == null) {
      throw new IOException("media host answer has no body");
    }
    Object value;
    try {
      value = JSON.fromJson(body.source());
    } catch (JsonDataException e) {
      throw new IOException("media host answer is not JSON", e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IOException("media host answer is not a JSON object");
    }
    return map;
  }

  private static String string(Map<?, ?> json, String key) {
    Object v = json.get(key);
    return v instanceof String s && !s.isEmpty() ? s : null;
  }
}
