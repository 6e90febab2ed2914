package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Locale;

/** How the session's connections leave this node. */
public enum EgressKind {
  /** Through an external proxy node. */
  EXTERNAL,
  /** Through an Android tunnel device. */
  ANDROID,
  /** Straight from this node, only when the operator chose it explicitly. */
  DIRECT;

  /** The lower-case wire/API name: external, android, direct. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses external|android|direct (any case). */
  public static EgressKind fromWireName(String name) {
    if (name != null) {
      for (EgressKind kind : values()) {
        if (kind.wireName().equalsIgnoreCase(name)) {
          return kind;
        }
      }
    }
    throw new ValidationException("egress kind must be external, android or direct");
  }
}
