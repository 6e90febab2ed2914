package dev.wagateway.egress.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The destinations an agent agrees to open (docs/egress-tunnel.md §4): whatever the gateway asks,
 * the phone never becomes an open proxy. A rule is {@code host:ports}: {@code host} is a name, an
 * IP literal, or {@code *.suffix} (any name ending in {@code .suffix}); {@code ports} is one port,
 * a comma-separated list, or {@code *} for any port. Matching is on the name as the gateway sent
 * it, before any DNS lookup.
 */
public final class Allowlist {
  private final List<Rule> rules;

  private Allowlist(List<Rule> rules) {
    this.rules = Collections.unmodifiableList(rules);
  }

  /** WhatsApp's chat and media hosts: {@code *.whatsapp.net} and {@code *.whatsapp.com}. */
  public static Allowlist whatsApp() {
    return of("*.whatsapp.net:443,5222,80", "*.whatsapp.com:443,5222,80");
  }

  /** An allowlist of exactly these rules. */
  public static Allowlist of(String... rules) {
    List<Rule> parsed = new ArrayList<>();
    for (String r : rules) {
      parsed.add(Rule.parse(r));
    }
    return new Allowlist(parsed);
  }

  /** This allowlist plus more rules. */
  public Allowlist plus(String... more) {
    List<Rule> all = new ArrayList<>(rules);
    for (String r : more) {
      all.add(Rule.parse(r));
    }
    return new Allowlist(all);
  }

  public boolean allows(String host, int port) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (Rule r : rules) {
      if (r.matches(h, port)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Allowlist" + rules;
  }

  private static final class Rule {
    final String host;
    final boolean wildcard;
    final int[] ports;

    private Rule(String host, boolean wildcard, int[] ports) {
      this.host = host;
      this.wildcard = wildcard;
      this.ports = ports;
    }

    static Rule parse(String text) {
      if (text == null) {
        throw new IllegalArgumentException("allowlist rule is empty");
      }
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("allowlist rule must be host:ports, got " + text);
      }
      String host = text.substring(0, colon).toLowerCase(Locale.ROOT);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      boolean wildcard = host.startsWith("*.");
      if (wildcard) {
        host = host.substring(1);
      }
      if (host.isEmpty() || host.indexOf('*') >= 0) {
        throw new IllegalArgumentException("allowlist rule has a bad host: " + text);
      }
      if (text.substring(colon + 1).equals("*")) {
        return new Rule(host, wildcard, null);
      }
      String[] parts = text.substring(colon + 1).split(",");
      int[] ports = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          ports[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("allowlist rule has a bad port: " + text);
        }
        if (ports[i] < 1 || ports[i] > 65535) {
          throw new IllegalArgumentException("allowlist rule has a bad port: " + text);
        }
      }
      return new Rule(host, wildcard, ports);
    }

    boolean matches(String h, int port) {
      boolean hostOk = wildcard ? h.endsWith(host) && h.length() > host.length() : h.equals(host);
      if (!hostOk) {
        return false;
      }
      if (ports == null) {
        return true;
      }
      for (int p : ports) {
        if (p == port) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(wildcard ? "*" + host : host).append(':');
      if (ports == null) {
        return b.append('*').toString();
      }
      for (int i = 0; i < ports.length; i++) {
        b.append(i == 0 ? "" : ",").append(ports[i]);
      }
      return b.toString();
    }
  }
}
