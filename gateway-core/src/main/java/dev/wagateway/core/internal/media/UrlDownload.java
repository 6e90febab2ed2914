package dev.wagateway.core.internal.media;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.message.FetchedMedia;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.OkHttpEgress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Downloads a file a caller named by URL (media to send) through a session's {@link Egress}, never
 * from the host's own address, streaming it to disk and stopping at the first byte over the limit.
 * Only {@code http} and {@code https}; redirects are followed (through the egress too).
 */
public final class UrlDownload {
  private UrlDownload() {}

  /**
   * Streams {@code url} into {@code target}.
   *
   * @throws ValidationException when the URL is not an absolute http(s) URL
   * @throws MediaException {@code media_too_large} over {@code maxBytes} (declared or counted),
   *     {@code media_download_failed} for a non-2xx answer or a network failure
   */
  public static FetchedMedia fetch(Egress egress, URI url, long maxBytes, Path target) {
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(target, "target");
    HttpUrl httpUrl = url == null ? null : HttpUrl.parse(url.toString());
    if (httpUrl == null) {
      throw new ValidationException("the media URL must be an absolute http or https URL");
    }
    OkHttpClient http =
        OkHttpEgress.configure(
                new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(20))
                    .readTimeout(Duration.ofSeconds(60))
                    .callTimeout(Duration.ofMinutes(10))
                    .followRedirects(true)
                    .followSslRedirects(true)
                    .retryOnConnectionFailure(false),
                egress)
            .build();
    try (Response response =
        http.newCall(new Request.Builder().url(httpUrl).get().build()).execute()) {
      if (!response.isSuccessful()) {
        throw new MediaException(
            ErrorCode.MEDIA_DOWNLOAD_FAILED, "the media URL answered HTTP " + response.code());
      }
      ResponseBody body = response.body();
      if (body == null) {
        throw new MediaException(ErrorCode.MEDIA_DOWNLOAD_FAILED, "the media URL sent no body");
      }
      if (body.contentLength() > maxBytes) {
        throw tooLarge(maxBytes);
      }
      long length =
          MediaClient.copyBounded(body.byteStream(), target, maxBytes, () -> tooLarge(maxBytes));
      if (length == 0) {
        throw new MediaException(
            ErrorCode.MEDIA_DOWNLOAD_FAILED, "the media URL sent an empty file");
      }
      return new FetchedMedia(length, response.header("Content-Type"));
    } catch (Egress.EgressUnavailableIOException e) {
      throw new MediaException(
          ErrorCode.EGRESS_UNAVAILABLE,
          "the session's egress cannot be reached for the media URL",
          e);
    } catch (IOException e) {
      throw new MediaException(
          ErrorCode.MEDIA_DOWNLOAD_FAILED,
          "downloading the media URL failed: " + e.getClass().getSimpleName(),
          e);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static MediaException tooLarge(long limit) {
    return new MediaException(
        ErrorCode.MEDIA_TOO_LARGE, "the media is larger than the " + limit + "-byte limit");
  }
}
