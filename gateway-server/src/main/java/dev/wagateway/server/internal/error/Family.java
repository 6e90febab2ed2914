package dev.wagateway.server.internal.error;

/** The two API families and their error shapes. */
public enum Family {
  /** {@code /api/v1/...} and the unversioned paths: {@code {"error": {code, message, details}}}. */
  GATEWAY,
  /** {@code /v1/...} (Zavu-compatible): {@code {code, message, details}}. */
  ALT;

  public static Family ofPath(String path) {
    return path.startsWith("/v1/") || path.equals("/v1") ? ALT : GATEWAY;
  }
}
