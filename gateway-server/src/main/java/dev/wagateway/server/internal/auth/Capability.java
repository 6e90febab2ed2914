package dev.wagateway.server.internal.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a credential may do: manage sessions and settings, send messages, read state. They nest as
 * the OpenAPI document's {@code Capability} schema says: {@code manage} includes {@code send} and
 * {@code read}, {@code send} includes {@code read}.
 */
public enum Capability {
  MANAGE,
  SEND,
  READ;

  public static final Set<Capability> ALL = Set.copyOf(EnumSet.allOf(Capability.class));

  /**
   * Whether a credential holding {@code held} may call an operation that requires {@code needed}.
   */
  public static boolean grants(Set<Capability> held, Capability needed) {
    for (Capability c : held) {
      if (c.includes().contains(needed)) {
        return true;
      }
    }
    return false;
  }

  /** This capability and the ones it includes. */
  public Set<Capability> includes() {
    return switch (this) {
      case MANAGE -> ALL;
      case SEND -> Set.of(SEND, READ);
      case READ -> Set.of(READ);
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Capability fromWireName(String name) {
    for (Capability c : values()) {
      if (c.wireName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown capability " + name);
  }

  public static Set<String> wireNames() {
    return Set.of("manage", "send", "read");
  }
}
