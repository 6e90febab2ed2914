package dev.wagateway.server.internal.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs webhooks may target. A URL is absolute {@code https} ({@code http} only for a loopback
 * host), and unless private targets are allowed its host must not be or resolve to a loopback,
 * private, shared (CGNAT), link-local (with the 169.254.169.254 metadata address), unique-local
 * ({@code fc00::/7}, so {@code fd00::/8}), multicast or unspecified address. The same address check
 * runs again before every delivery, so a name cannot rebind to a private address later.
 */
final class TargetPolicy {
  /** Resolves a host name to its addresses (the system resolver in production). */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A URL that webhooks may not target, with the reason. */
  static final class RefusedTarget extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedTarget(String message) {
      super(message);
    }
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  TargetPolicy(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  static TargetPolicy system(boolean allowPrivate) {
    return new TargetPolicy(allowPrivate, InetAddress::getAllByName);
  }

  /**
   * Checks a URL given at registration and returns it with its scheme in lower case. A name that
   * does not resolve now is accepted (it is checked again at delivery).
   */
  String register(String url) throws RefusedTarget {
    URI uri = parse(url);
    String host = host(uri);
    checkAddresses(host, false);
    String scheme = uri.getScheme();
    return scheme.toLowerCase(Locale.ROOT) + url.substring(scheme.length());
  }

  /** Checks a stored URL right before a delivery: its host must resolve to allowed addresses. */
  URI deliver(String url) throws RefusedTarget {
    URI uri = parse(url);
    checkAddresses(host(uri), true);
    return uri;
  }

  private URI parse(String url) throws RefusedTarget {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTarget("url must be an absolute https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new RefusedTarget("url must be an absolute https URL without credentials");
    }
    if ("http".equals(scheme)) {
      if (!isLoopbackName(host(uri))) {
        throw new RefusedTarget("url must use https (plain http only for loopback)");
      }
    } else if (!"https".equals(scheme)) {
      throw new RefusedTarget("url must be an absolute https URL");
    }
    return uri;
  }

  private static String host(URI uri) {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private static boolean isLoopbackName(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    InetAddress literal = literal(host);
    return literal != null && literal.isLoopbackAddress();
  }

  private void checkAddresses(String host, boolean mustResolve) throws RefusedTarget {
    if (allowPrivate) {
      if (mustResolve) {
        resolve(host);
      }
      return;
    }
    if (isLoopbackName(host)) {
      throw new RefusedTarget(
          "url points to a loopback address (set webhooks.allowPrivateTargets=true to allow)");
    }
    InetAddress literal = literal(host);
    InetAddress[] addresses;
    try {
      addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
    } catch (UnknownHostException e) {
      if (mustResolve) {
        throw new RefusedTarget("the webhook host does not resolve");
      }
      return;
    }
    for (InetAddress a : addresses) {
      if (isPrivate(a)) {
        throw new RefusedTarget(
            "url resolves to a private, loopback, link-local or metadata address"
                + " (set webhooks.allowPrivateTargets=true to allow)");
      }
    }
  }

  private void resolve(String host) throws RefusedTarget {
    if (literal(host) != null) {
      return;
    }
    try {
      resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new RefusedTarget("the webhook host does not resolve");
    }
  }

  /** An IP literal's address without a lookup, else null. */
  private static InetAddress literal(String host) {
    boolean v4 = host.matches("[0-9.]+");
    boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.%]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(host); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether a delivery must not go to {@code a} unless private targets are allowed. */
  static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // this network
          || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7, with fd00::/8
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
