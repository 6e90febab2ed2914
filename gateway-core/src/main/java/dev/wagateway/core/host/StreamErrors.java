package dev.wagateway.core.host;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.wire.BinaryNode;

/**
 * Maps the server's {@code stream:error} and {@code failure} nodes and transport closes to what the
 * session does (docs/protocol/transport.md §7.3, §7.4; docs/protocol/pairing.md §6.5).
 */
final class StreamErrors {
  private StreamErrors() {}

  /** {@code <stream:error code=…>[<conflict type=…/>]</stream:error>}. */
  static Disconnect fromStreamError(BinaryNode node) {
    String code = node.attr("code");
    BinaryNode conflict = node.child("conflict");
    String conflictType = conflict == null ? null : conflict.attr("type");
    if ("device_removed".equals(conflictType) || "401".equals(code)) {
      return new Disconnect(
          Disconnect.Kind.LOGGED_OUT,
          "device_removed",
          "logged_out: the device was unlinked (stream error "
              + (code == null ? "" : code + " ")
              + (conflictType == null ? "" : conflictType)
              + ")");
    }
    if ("replaced".equals(conflictType) || (conflict != null && code == null)) {
      return new Disconnect(
          Disconnect.Kind.REPLACED,
          "replaced",
          "replaced: another connection with this device's keys took over");
    }
    if ("515".equals(code)) {
      return new Disconnect(Disconnect.Kind.RESTART, "restart_required", null);
    }
    String label = code == null ? "unknown" : code;
    return new Disconnect(
        Disconnect.Kind.TRANSIENT,
        "stream_error_" + label,
        "connection_failed: stream error " + label);
  }

  /** {@code <failure reason=… [code] [expire]/>} answering a login. */
  static Disconnect fromFailure(BinaryNode node) {
    String reason = node.attr("reason");
    int code;
    try {
      code = reason == null ? 500 : Integer.parseInt(reason);
    } catch (NumberFormatException e) {
      code = 500;
    }
    switch (code) {
      case 401, 403, 406:
        return new Disconnect(
            Disconnect.Kind.LOGGED_OUT,
            "failure_" + code,
            "logged_out: login refused with reason " + code + " (" + failureName(code) + ")");
      case 402:
        {
          String ban = node.attr("code");
          String expire = node.attr("expire");
          return new Disconnect(
              Disconnect.Kind.TEMPORARILY_BANNED,
              "failure_402",
              "temporarily_banned: reason "
                  + (ban == null ? "unknown" : ban)
                  + (expire == null ? "" : ", expires in " + expire + " s"));
        }
      case 405:
        return new Disconnect(
            Disconnect.Kind.CLIENT_OUTDATED,
            "failure_405",
            "client version refused: login refused with reason 405 (client outdated)");
      default:
        // whatsmeow reconnects after every failure that is not a logout or a ban
        // (connectionevents.go handleConnectFailure); so do we, with capped backoff
        return new Disconnect(
            Disconnect.Kind.TRANSIENT,
            "failure_" + code,
            "connection_failed: login refused with reason "
                + code
                + " ("
                + failureName(code)
                + ")");
    }
  }

  /** A connection that ended without a stream error or failure node before it. */
  static Disconnect fromClose(CloseReason reason) {
    switch (reason.kind()) {
      case EGRESS_UNAVAILABLE:
        return new Disconnect(
            Disconnect.Kind.EGRESS_UNAVAILABLE,
            ErrorCode.EGRESS_UNAVAILABLE.wireName(),
            "egress_unavailable: " + reason.message());
      case CLOSED_LOCALLY:
        return new Disconnect(Disconnect.Kind.LOCAL, "closed_locally", null);
      default:
        return new Disconnect(
            Disconnect.Kind.TRANSIENT, reason.kind().code(), "connection_failed: " + reason);
    }
  }

  /** {@code <xmlstreamend/>}: the server ends the stream; a plain close, retried. */
  static Disconnect streamEnd() {
    return new Disconnect(
        Disconnect.Kind.TRANSIENT, "stream_end", "connection_failed: the server ended the stream");
  }

  static String failureName(int code) {
    return switch (code) {
      case 400 -> "generic";
      case 401 -> "logged out";
      case 402 -> "temporarily banned";
      case 403 -> "primary device gone";
      case 405 -> "client outdated";
      case 406 -> "unknown logout";
      case 409 -> "bad user agent";
      case 413, 414 -> "token problem";
      case 415 -> "not found";
      case 418 -> "client unknown";
      case 500 -> "internal server error";
      case 501 -> "experimental";
      case 503 -> "service unavailable";
      default -> "unknown";
    };
  }
}
