package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.egress.ProxyEndpoint.Kind;
import org.junit.jupiter.api.Test;

class ProxyEndpointTest {
  @Test
  void parsesHttpWithCredentials() {
    ProxyEndpoint p = ProxyEndpoint.parse("http://alice:s3cret@proxy.example.com:3128");
    assertEquals(Kind.HTTP, p.kind());
    assertEquals("proxy.example.com", p.host());
    assertEquals(3128, p.port());
    assertEquals("alice", p.username());
    assertEquals("s3cret", p.password());
    assertNull(p.country());
  }

  @Test
  void parsesSocks5WithCountryAndPercentEscapes() {
    ProxyEndpoint p =
        ProxyEndpoint.parse("socks5://us%40er:p%3Aa%2Fss%20w@10.0.0.5:1080?country=DE");
    assertEquals(Kind.SOCKS5, p.kind());
    assertEquals("us@er", p.username());
    assertEquals("p:a/ss w", p.password());
    assertEquals("de", p.country());
    assertEquals(Kind.SOCKS5, ProxyEndpoint.parse("SOCKS5H://h:1").kind());
  }

  @Test
  void parsesWithoutCredentialsAndIpv6() {
    ProxyEndpoint p = ProxyEndpoint.parse("socks5://[2001:db8::1]:1080/");
    assertEquals("2001:db8::1", p.host());
    assertFalse(p.hasCredentials());
    assertEquals("[2001:db8::1]:1080", p.address());
    assertEquals("socks5://[2001:db8::1]:1080", p.id());
    ProxyEndpoint userOnly = ProxyEndpoint.parse("http://bob@h:8080");
    assertEquals("bob", userOnly.username());
    assertEquals("", userOnly.password());
  }

  @Test
  void toStringAndIdNeverShowThePassword() {
    ProxyEndpoint p = ProxyEndpoint.parse("socks5://alice:hunter2@10.0.0.5:1080?country=br");
    assertEquals("socks5://alice:***@10.0.0.5:1080?country=br", p.toString());
    assertEquals("socks5://alice@10.0.0.5:1080", p.id());
    assertEquals("socks5 proxy 10.0.0.5:1080", p.describe());
    assertFalse(p.toString().contains("hunter2"));
    assertFalse(new Socks5Egress(p).toString().contains("hunter2"));
    assertEquals("br", p.withCountry("BR").country());
    assertEquals("http://h:1", ProxyEndpoint.of(Kind.HTTP, "h", 1).toString());
  }

  @Test
  void badUrisAreValidationErrorsThatNeverEchoThePassword() {
    String[][] cases = {
      {"https://u:hunter2@h:443", "unsupported proxy scheme 'https': use http:// or socks5://"},
      {"socks4://u:hunter2@h:1080", "unsupported proxy scheme 'socks4': use http:// or socks5://"},
      {"u:hunter2@h:1080", "unsupported proxy scheme 'u': use http:// or socks5://"},
      {"socks5://u:hunter2@h", "proxy URI needs an explicit port"},
      {"socks5://u:hunter2@:1080", "proxy URI needs host:port"},
      {"socks5://u:hunter2@bad_host:1080", "proxy URI needs host:port"},
      {"socks5://u:hunter2@h:1080/path", "proxy URI can't have a path or fragment"},
      {"socks5://u:hunter2@h:1080#x", "proxy URI can't have a path or fragment"},
      {"socks5://u:hunter2@h:1080?country=deu", "proxy country must be an ISO 3166 alpha-2 code"},
      {"socks5://u:hunter2@h:1080?cc=de", "proxy URI: unknown parameter 'cc'"},
      {"socks5://u:hunter2%zz@h:1080", "proxy URI is not a valid URI"},
      {"socks5://u:hunter2%4@h:1080", "proxy URI is not a valid URI"},
      {"socks5://u:hunter2@h:0", "proxy port must be 1-65535, got 0"},
      {"socks5://u:hunter2@h:70000", "proxy port must be 1-65535, got 70000"},
      {"socks5 ://u:hunter2@h:1", "proxy URI is not a valid URI"},
      {"http://:hunter2@h:1", "proxy username must be 1-255 bytes, password 0-255 bytes"},
      {"http://a%3Ab:hunter2@h:1", "an HTTP proxy username can't contain ':' (Basic auth)"},
      {"http://a%0Ab:hunter2@h:1", "proxy credentials contain a control character"},
      {"", "proxy URI is empty"},
    };
    for (String[] c : cases) {
      ValidationException e =
          assertThrows(ValidationException.class, () -> ProxyEndpoint.parse(c[0]), c[0]);
      assertEquals(c[1], e.getMessage(), c[0]);
      assertFalse(e.getMessage().contains("hunter2"));
    }
  }

  @Test
  void constructorValidates() {
    assertThrows(
        ValidationException.class, () -> new ProxyEndpoint(Kind.HTTP, "h", 1, null, "pw", null));
    assertThrows(
        ValidationException.class, () -> new ProxyEndpoint(Kind.HTTP, "", 1, null, null, null));
    assertThrows(
        ValidationException.class, () -> new ProxyEndpoint(Kind.HTTP, "a b", 1, null, null, null));
    assertThrows(
        ValidationException.class,
        () -> new ProxyEndpoint(Kind.SOCKS5, "h", 1, "u".repeat(256), "p", null));
    assertTrue(
        new ProxyEndpoint(Kind.SOCKS5, "h", 1, "u".repeat(255), "p".repeat(255), "DE")
            .country()
            .equals("de"));
  }

  @Test
  void egressesBuildTheRightKind() {
    assertTrue(Egresses.of("http://h:1") instanceof HttpConnectEgress);
    assertTrue(Egresses.of("socks5://h:1") instanceof Socks5Egress);
    assertEquals(
        "socks5://u:***@h:1",
        ((Socks5Egress) Egresses.of(ProxyEndpoint.parse("socks5://u:p@h:1"))).proxy().toString());
  }
}
