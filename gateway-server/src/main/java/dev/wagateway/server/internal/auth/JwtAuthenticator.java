package dev.wagateway.server.internal.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies login JWTs against a JWKS URL with nimbus-jose-jwt: only RS256 and ES256 are accepted
 * (so {@code none} and HMAC tokens fail), issuer and audience must match, {@code exp} is required
 * and checked. The key set is cached; a token with an unknown {@code kid} triggers a refetch, at
 * most once per {@code minRefreshInterval}, so key rotation works without hammering the IdP. The
 * organization comes from {@code orgClaim}, the capabilities from {@code roleClaim}.
 */
public final class JwtAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

  /** Role names and what they may do. */
  static final Map<String, Set<Capability>> ROLES =
      Map.of(
          "owner", Capability.ALL,
          "admin", Capability.ALL,
          "member", Set.of(Capability.SEND, Capability.READ),
          "operator", Set.of(Capability.SEND, Capability.READ),
          "viewer", Set.of(Capability.READ),
          "reader", Set.of(Capability.READ));

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String orgClaim;
  private final String roleClaim;

  public JwtAuthenticator(
      URL jwksUrl,
      String issuer,
      String audience,
      String orgClaim,
      String roleClaim,
      Duration cacheTtl,
      Duration minRefreshInterval) {
    this.orgClaim = orgClaim;
    this.roleClaim = roleClaim;
    DefaultResourceRetriever retriever = new DefaultResourceRetriever(5_000, 5_000, 512 * 1024);
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(jwksUrl, retriever)
            .cache(cacheTtl.toMillis(), 5_000)
            .rateLimited(minRefreshInterval.toMillis())
            .refreshAheadCache(false)
            .retrying(false)
            .outageTolerant(false)
            .build();
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    Set<String> required = new HashSet<>(Set.of("exp", "iss", "aud", orgClaim));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), required));
  }

  /** The principal for a valid token, or empty when it does not verify. */
  public Optional<Principal> verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      log.debug("JWT rejected: {}", e.getMessage());
      return Optional.empty();
    }
    try {
      String org = claims.getStringClaim(orgClaim);
      if (org == null || org.isBlank()) {
        return Optional.empty();
      }
      Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
      Object role = claims.getClaim(roleClaim);
      if (role instanceof String r) {
        capabilities.addAll(ROLES.getOrDefault(r, Set.of()));
      } else if (role instanceof java.util.List<?> list) {
        for (Object r : list) {
          capabilities.addAll(ROLES.getOrDefault(String.valueOf(r), Set.of()));
        }
      }
      String subject = claims.getSubject() == null ? "anonymous" : claims.getSubject();
      return Optional.of(new Principal(org, "jwt:" + subject, false, capabilities));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }
}
