package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.wagateway.server.config.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login JWTs verified against a JWKS served by MockWebServer. */
class JwtAuthIT {
  private static final String ISSUER = "https://login.example";
  private static final String AUDIENCE = "wagateway";

  private MockWebServer idp;
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private RSAKey k1;
  private TestServer t;

  @BeforeEach
  void start() throws Exception {
    k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    published.set(new JWKSet(k1.toPublicJWK()));
    idp = new MockWebServer();
    idp.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody(published.get().toString());
          }
        });
    idp.start(java.net.InetAddress.getLoopbackAddress(), 0);
    ServerConfig.Jwt jwt =
        new ServerConfig.Jwt(
            URI.create(idp.url("/jwks.json").toString()),
            ISSUER,
            AUDIENCE,
            "org",
            "role",
            Duration.ofMinutes(5),
            Duration.ofMillis(200));
    t = new TestServer(b -> b.jwt(jwt));
  }

  @AfterEach
  void stop() throws Exception {
    t.close();
    idp.shutdown();
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("user-1")
        .claim("org", "org_acme")
        .claim("role", "admin")
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
  }

  private static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void validTokenActsInItsOrgWithItsRole() throws Exception {
    String token = rs256(k1, claims().build());
    TestServer.Resp created = t.call("POST", "/api/v1/sessions", token, "{\"name\":\"acme\"}");
    assertEquals(201, created.status());
    String id = (String) created.json().get("id");
    assertEquals(200, t.call("GET", "/api/v1/sessions/" + id, token, null).status());
    // the admin key's org does not see it
    assertEquals(404, t.admin("GET", "/api/v1/sessions/" + id, null).status());
    assertEquals(0, t.api().listSessions().items().size());

    String viewer = rs256(k1, claims().claim("role", "viewer").build());
    assertEquals(200, t.call("GET", "/api/v1/sessions", viewer, null).status());
    assertEquals(403, t.call("POST", "/api/v1/sessions", viewer, "{}").status());
    String nobody = rs256(k1, claims().claim("role", "stranger").build());
    assertEquals(403, t.call("GET", "/api/v1/sessions", nobody, null).status());
  }

  @Test
  void esTokensAreAcceptedToo() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
    published.set(new JWKSet(java.util.List.of(k1.toPublicJWK(), ec.toPublicJWK())));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), claims().build());
    jwt.sign(new ECDSASigner(ec));
    assertEquals(200, t.call("GET", "/api/v1/sessions", jwt.serialize(), null).status());
  }

  @Test
  void expiredWrongAudienceWrongIssuerMissingOrgAre401() throws Exception {
    assertEquals(
        401,
        status(
            rs256(
                k1, claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build())));
    assertEquals(401, status(rs256(k1, claims().audience("someone-else").build())));
    assertEquals(401, status(rs256(k1, claims().issuer("https://evil.example").build())));
    assertEquals(401, status(rs256(k1, claims().claim("org", null).build())));
    assertEquals(401, status(rs256(k1, claims().expirationTime(null).build())));
    // forged: signed by a key the JWKS does not have, under the known kid
    RSAKey forger = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertEquals(401, status(rs256(forger, claims().build())));
    // a tampered payload
    String good = rs256(k1, claims().build());
    String[] parts = good.split("\\.");
    String evil =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .claim("org", "org_default")
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(401, status(parts[0] + "." + evil + "." + parts[2]));
  }

  @Test
  void algNoneAndHmacAreRejected() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();
    assertEquals(401, status(none));
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
    hs.sign(new MACSigner(new byte[32]));
    assertEquals(401, status(hs.serialize()));
  }

  @Test
  void keyRotationRefetchesOnUnknownKid() throws Exception {
    assertEquals(200, status(rs256(k1, claims().build())));
    int fetches = idp.getRequestCount();
    assertEquals(1, fetches);
    // cached: no refetch for the known kid
    assertEquals(200, status(rs256(k1, claims().build())));
    assertEquals(1, idp.getRequestCount());

    RSAKey k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
    published.set(new JWKSet(k2.toPublicJWK()));
    Thread.sleep(300); // past the refetch rate limit
    assertEquals(200, status(rs256(k2, claims().build())));
    assertTrue(idp.getRequestCount() >= 2, "refetched after an unknown kid");
  }

  private int status(String token) throws Exception {
    return t.call("GET", "/api/v1/sessions", token, null).status();
  }
}
