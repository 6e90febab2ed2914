package dev.wagateway.core.transport;

import dev.wagateway.core.SessionInfo;

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

  /**
   * The egress for {@code session} while a phone-code pairing request is pending: {@code
   * pairingPhone} is the number the code was requested for (digits, no {@code +}), or null when
   * none is pending. A resolver that picks an exit by the account's country overrides this; the
   * default ignores the number.
   *
   * @throws GatewayException.EgressUnavailableException as {@link #resolve(SessionInfo)}
   */
  default Egress resolve(SessionInfo session, String pairingPhone) {
    return resolve(session);
  }
}
