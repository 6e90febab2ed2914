package dev.wagateway.core;

import dev.wagateway.core.transport.Egress;

/** Picks the {@link Egress} a session's connections go through. Called before every connection. */
@FunctionalInterface
public interface EgressResolver {
  /**
   * The egress for {@code session}.
   *
   * @throws GatewayException.EgressUnavailableException when no egress can carry it; the session
   *     then fails closed with lastError {@code egress_unavailable: ...}, never connecting directly
   */
  Egress resolve(SessionInfo session);
}
