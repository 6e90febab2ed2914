package dev.wagateway.core.host;

import dev.wagateway.core.WaVersion;
import dev.wagateway.core.transport.Egress;
import java.io.IOException;
import java.net.URI;

/**
 * Where a session learns the current WhatsApp Web version after the server refused its own with
 * {@code <failure reason="405"/>}. Off unless configured ({@link
 * SessionHostConfig.Builder#clientVersionSource}).
 */
@FunctionalInterface
public interface ClientVersionSource {
  /**
   * Fetches the current version. Any network request must go through {@code egress} (the refused
   * session's), never directly from this machine.
   *
   * @throws IOException when the version could not be read
   */
  WaVersion fetch(Egress egress) throws IOException;

  /**
   * Reads the live version from {@code https://web.whatsapp.com/sw.js}, as Baileys' {@code
   * fetchLatestWaWebVersion} does: {@code 2.3000.<client_revision>}.
   */
  static ClientVersionSource webClient() {
    return new WebClientVersionSource(URI.create(WebClientVersionSource.SERVICE_WORKER));
  }

  /** As {@link #webClient()}, reading the service worker at {@code url} instead. */
  static ClientVersionSource webClient(URI url) {
    return new WebClientVersionSource(url);
  }
}
