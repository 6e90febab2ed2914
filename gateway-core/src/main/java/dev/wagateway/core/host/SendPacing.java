package dev.wagateway.core.host;

import java.time.Duration;

/**
 * How fast a session's send queue hands messages to the network: asked before each message, on the
 * session's own send worker (so a wait delays only that session). The extension point of the
 * anti-ban governor (rate limits, jitter, typing simulation, quotas); {@link #NONE} sends at once.
 */
@FunctionalInterface
public interface SendPacing {
  /** Sends every message as soon as the previous one went out. */
  SendPacing NONE = (sessionId, to, waiting) -> Duration.ZERO;

  /**
   * How long to wait before sending the next message of {@code sessionId} to {@code to} (a chat
   * JID), with {@code waiting} messages queued behind it; zero or negative sends at once.
   */
  Duration delayBefore(String sessionId, String to, int waiting);
}
