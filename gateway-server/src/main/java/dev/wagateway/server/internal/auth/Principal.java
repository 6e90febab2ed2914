package dev.wagateway.server.internal.auth;

import java.util.Set;

/**
 * Who is calling: the organization, the credential (an API key id, {@code admin} or {@code
 * jwt:<subject>}), live or test mode, and the capabilities granted.
 */
public record Principal(
    String orgId, String credentialId, boolean testMode, Set<Capability> capabilities) {
  public Principal {
    capabilities = Set.copyOf(capabilities);
  }

  /** The key the rate limiter counts against. */
  public String rateKey() {
    return orgId + "/" + credentialId;
  }
}
