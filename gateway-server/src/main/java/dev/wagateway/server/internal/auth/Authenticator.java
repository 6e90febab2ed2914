package dev.wagateway.server.internal.auth;

import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.store.Orgs;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns an {@code Authorization: Bearer} header into a {@link Principal}: the bootstrap admin key
 * (constant-time compare), an API key ({@code wg_...}), or a JWT when a JWKS is configured.
 * Anything else is 401.
 */
public final class Authenticator {
  private final String adminKey;
  private final ApiKeys apiKeys;
  private final JwtAuthenticator jwt;
  private final Orgs orgs;
  private final Clock clock;

  public Authenticator(
      String adminKey, ApiKeys apiKeys, JwtAuthenticator jwt, Orgs orgs, Clock clock) {
    this.adminKey = adminKey;
    this.apiKeys = apiKeys;
    this.jwt = jwt;
    this.orgs = orgs;
    this.clock = clock;
  }

  public Principal authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw ApiException.unauthorized("missing Authorization: Bearer credential");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("Authorization must use the Bearer scheme");
    }
    String token = authorization.substring(7).strip();
    if (token.isEmpty()) {
      throw ApiException.unauthorized("empty bearer token");
    }
    if (Secrets.secretEquals(token, adminKey)) {
      return new Principal(Orgs.DEFAULT_ORG, "admin", false, Capability.ALL);
    }
    Optional<Principal> principal = Optional.empty();
    if (token.startsWith("wg_")) {
      principal = apiKeys.verify(token);
    } else if (jwt != null && token.chars().filter(c -> c == '.').count() == 2) {
      principal = jwt.verify(token);
      principal.ifPresent(p -> orgs.ensure(p.orgId(), p.orgId(), clock.millis()));
    }
    return principal.orElseThrow(() -> ApiException.unauthorized("invalid or expired credential"));
  }
}
