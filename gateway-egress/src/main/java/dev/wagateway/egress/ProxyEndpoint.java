package dev.wagateway.egress;

import dev.wagateway.core.GatewayException.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One proxy: its kind, address, optional credentials and optional country (ISO 3166 alpha-2, lower
 * case) used by {@link ProxyPool}. Immutable.
 *
 * <p>{@link #toString()} and every exception message hide the password; {@link #id()} (which {@link
 * EgressAssignmentStore} persists) contains no password either.
 *
 * @param username null when the proxy takes no credentials
 * @param password null exactly when {@code username} is null
 * @param country null when the proxy is not part of a country pool
 */
public record ProxyEndpoint(
    Kind kind, String host, int port, String username, String password, String country) {

  /** The proxy protocols we speak. */
  public enum Kind {
    /** HTTP/1.1 CONNECT, optional Basic authentication. */
    HTTP("http"),
    /** SOCKS version 5 (RFC 1928), optional username/password (RFC 1929), remote DNS. */
    SOCKS5("socks5");

    private final String scheme;

    Kind(String scheme) {
      this.scheme = scheme;
    }

    /** The URI scheme: {@code http} or {@code socks5}. */
    public String scheme() {
      return scheme;
    }
  }

  private static final Pattern COUNTRY = Pattern.compile("[a-z]{2}");

  public ProxyEndpoint {
    Objects.requireNonNull(kind, "kind");
    if (host == null || host.isEmpty() || host.length() > 255) {
      throw new ValidationException("proxy host must be 1-255 characters");
    }
    if (host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@' || c == 0x7f)) {
      throw new ValidationException("proxy host contains an invalid character");
    }
    if (port < 1 || port > 65535) {
      throw new ValidationException("proxy port must be 1-65535, got " + port);
    }
    if (username == null && password != null) {
      throw new ValidationException("proxy password given without a username");
    }
    if (username != null) {
      if (password == null) {
        password = "";
      }
      if (username.isEmpty()
          || username.getBytes(StandardCharsets.UTF_8).length > 255
          || password.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw new ValidationException("proxy username must be 1-255 bytes, password 0-255 bytes");
      }
      if (hasControl(username) || hasControl(password)) {
        throw new ValidationException("proxy credentials contain a control character");
      }
      if (kind == Kind.HTTP && username.indexOf(':') >= 0) {
        throw new ValidationException("an HTTP proxy username can't contain ':' (Basic auth)");
      }
    }
    if (country != null) {
      country = country.toLowerCase(Locale.ROOT);
      if (!COUNTRY.matcher(country).matches()) {
        throw new ValidationException("proxy country must be an ISO 3166 alpha-2 code");
      }
    }
  }

  /** A proxy without credentials or country. */
  public static ProxyEndpoint of(Kind kind, String host, int port) {
    return new ProxyEndpoint(kind, host, port, null, null, null);
  }

  /**
   * Parses {@code http://user:pass@host:port} or {@code socks5://user:pass@host:port}, with an
   * optional {@code ?country=xx}. Credentials are optional; percent-escapes in them are decoded
   * (write {@code %40} for {@code @}, {@code %3A} for {@code :}). The port is required. IPv6 proxy
   * addresses go in brackets. {@code socks5h} is accepted as a synonym of {@code socks5} (we always
   * resolve remotely).
   *
   * @throws ValidationException when the URI does not fit; the message never repeats the URI
   */
  public static ProxyEndpoint parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new ValidationException("proxy URI is empty");
    }
    URI parsed;
    try {
      parsed = new URI(uri.trim());
    } catch (URISyntaxException e) {
      throw new ValidationException("proxy URI is not a valid URI");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    Kind kind;
    switch (scheme) {
      case "http":
        kind = Kind.HTTP;
        break;
      case "socks5":
      case "socks5h":
        kind = Kind.SOCKS5;
        break;
      default:
        throw new ValidationException(
            "unsupported proxy scheme '" + scheme + "': use http:// or socks5://");
    }
    if (parsed.getHost() == null) {
      throw new ValidationException("proxy URI needs host:port");
    }
    if (parsed.getPort() == -1) {
      throw new ValidationException("proxy URI needs an explicit port");
    }
    String path = parsed.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || parsed.getRawFragment() != null) {
      throw new ValidationException("proxy URI can't have a path or fragment");
    }
    String host = parsed.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String username = null;
    String password = null;
    String userInfo = parsed.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
    }
    return new ProxyEndpoint(kind, host, parsed.getPort(), username, password, country(parsed));
  }

  private static String country(URI parsed) {
    String query = parsed.getRawQuery();
    if (query == null || query.isEmpty()) {
      return null;
    }
    String country = null;
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!name.equals("country") || eq < 0) {
        throw new ValidationException("proxy URI: unknown parameter '" + name + "'");
      }
      country = pair.substring(eq + 1);
    }
    return country;
  }

  private static String percentDecode(String raw) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new ValidationException("proxy URI credentials have a bad percent-escape");
        }
        out.write(hi << 4 | lo);
        i += 3;
      } else {
        out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /** The same proxy in a country pool. */
  public ProxyEndpoint withCountry(String newCountry) {
    return new ProxyEndpoint(kind, host, port, username, password, newCountry);
  }

  /** Whether this proxy takes a username and password. */
  public boolean hasCredentials() {
    return username != null;
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * A stable identifier without the password, e.g. {@code socks5://alice@10.0.0.5:1080}: what
   * {@link EgressAssignmentStore} persists and what logs may show.
   */
  public String id() {
    return kind.scheme() + "://" + (username == null ? "" : username + "@") + address();
  }

  /** How messages name this proxy: {@code http proxy 10.0.0.5:3128}. */
  public String describe() {
    return kind.scheme() + " proxy " + address();
  }

  /** The URI with the password replaced by {@code ***}. */
  @Override
  public String toString() {
    String credentials = username == null ? "" : username + ":***@";
    String query = country == null ? "" : "?country=" + country;
    return kind.scheme() + "://" + credentials + address() + query;
  }
}
