package dev.wagateway.core.host;

import dev.wagateway.core.WaVersion;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.OkHttpEgress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The live WhatsApp Web version from the web client's service worker, fetched through the session's
 * egress. The service worker embeds {@code "client_revision":N} (possibly with escaped quotes); the
 * version is {@code 2.3000.N} (Baileys {@code src/Utils/generics.ts} {@code
 * fetchLatestWaWebVersion}, docs/protocol/transport.md §4.6).
 */
final class WebClientVersionSource implements ClientVersionSource {
  static final String SERVICE_WORKER = "https://web.whatsapp.com/sw.js";

  private static final Pattern CLIENT_REVISION =
      Pattern.compile("\\\\?\"client_revision\\\\?\"\\s*:\\s*(\\d+)");

  /** The service worker is ~100 KB; more than this is not it. */
  private static final long MAX_BYTES = 4L << 20;

  private static final String USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  private final URI url;

  WebClientVersionSource(URI url) {
    this.url = Objects.requireNonNull(url, "url");
  }

  @Override
  public WaVersion fetch(Egress egress) throws IOException {
    Objects.requireNonNull(egress, "egress");
    OkHttpClient client =
        OkHttpEgress.configure(new OkHttpClient.Builder(), egress)
            .callTimeout(Duration.ofSeconds(30))
            .build();
    Request request =
        new Request.Builder()
            .url(url.toString())
            .header("User-Agent", USER_AGENT)
            .header("Sec-Fetch-Dest", "script")
            .build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful() || body == null) {
        throw new IOException("the web client's service worker answered " + response.code());
      }
      if (body.contentLength() > MAX_BYTES || body.source().request(MAX_BYTES + 1)) {
        throw new IOException("the web client's service worker is too large");
      }
      return parse(new String(body.source().readByteArray(), StandardCharsets.UTF_8));
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** {@code 2.3000.<client_revision>} from the service worker's text. */
  static WaVersion parse(String serviceWorker) throws IOException {
    Matcher m = CLIENT_REVISION.matcher(serviceWorker);
    if (!m.find()) {
      throw new IOException("no client_revision in the web client's service worker");
    }
    try {
      return new WaVersion(2, 3000, Integer.parseUnsignedInt(m.group(1)));
    } catch (NumberFormatException e) {
      throw new IOException("client_revision out of range: " + m.group(1), e);
    }
  }

  @Override
  public String toString() {
    return "WebClientVersionSource[" + url + "]";
  }
}
