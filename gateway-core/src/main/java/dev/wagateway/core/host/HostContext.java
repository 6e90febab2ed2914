package dev.wagateway.core.host;

import dev.wagateway.core.WaVersion;
import dev.wagateway.core.internal.noise.ClientPayloads;
import dev.wagateway.core.internal.pairing.CompanionPlatform;
import dev.wagateway.core.store.GatewayStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/** What every session of one host shares: config, store, event bus, profile. */
final class HostContext {
  final SessionHostConfig config;
  final GatewayStore store;
  final EventBus events;
  private volatile ClientPayloads.Profile profile;
  final CompanionPlatform platform;

  HostContext(SessionHostConfig config, EventBus events) {
    this.config = config;
    this.store = config.store();
    this.events = events;
    this.profile =
        new ClientPayloads.Profile(
            config.clientVersion(), config.osName(), config.browser(), "US", false);
    this.platform = platformOf(config.browser());
  }

  /** What connections present now (the version may have been refreshed since the host opened). */
  ClientPayloads.Profile profile() {
    return profile;
  }

  /**
   * Takes {@code version} for every later connection of the host when it is newer than the one in
   * use.
   *
   * @return whether the host's version changed
   */
  synchronized boolean offerVersion(WaVersion version) {
    ClientPayloads.Profile current = profile;
    if (!version.isNewerThan(current.version())) {
      return false;
    }
    profile = current.withVersion(version);
    return true;
  }

  Clock clock() {
    return config.clock();
  }

  Instant now() {
    return config.clock().instant();
  }

  static CompanionPlatform platformOf(String browser) {
    return switch (browser.toLowerCase(Locale.ROOT)) {
      case "chrome" -> CompanionPlatform.CHROME;
      case "edge" -> CompanionPlatform.EDGE;
      case "firefox" -> CompanionPlatform.FIREFOX;
      case "ie" -> CompanionPlatform.IE;
      case "opera" -> CompanionPlatform.OPERA;
      case "safari" -> CompanionPlatform.SAFARI;
      default -> CompanionPlatform.OTHER_WEB_CLIENT;
    };
  }
}
