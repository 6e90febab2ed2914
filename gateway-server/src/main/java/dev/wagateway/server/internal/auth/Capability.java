package dev.wagateway.server.internal.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a credential may do: manage sessions and settings, send messages, read state. */
public enum Capability {
  MANAGE,
  SEND,
  READ;

  public static final Set<Capability> ALL = Set.copyOf(EnumSet.allOf(Capability.class));

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
