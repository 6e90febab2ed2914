package dev.wagateway.core.internal.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.CloseReason.Kind;
import dev.wagateway.core.transport.Egress;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class NoiseWebSocketTest {
  @Test
  void egressFailureIsFoundAnywhereInTheCauseChain() {
    IOException wrapped =
        new IOException("connect failed", new Egress.EgressUnavailableIOException("proxy down"));
    CloseReason reason = NoiseWebSocket.classify(wrapped);
    assertEquals(Kind.EGRESS_UNAVAILABLE, reason.kind());
    assertEquals("proxy down", reason.message());
  }

  @Test
  void networkFailuresAreClassified() {
    assertEquals(Kind.REMOTE_CLOSED, NoiseWebSocket.classify(new EOFException()).kind());
    assertEquals(
        Kind.TIMEOUT, NoiseWebSocket.classify(new SocketTimeoutException("read timed out")).kind());
    CloseReason refused = NoiseWebSocket.classify(new ConnectException("refused"));
    assertEquals(Kind.IO_ERROR, refused.kind());
    assertEquals("refused", refused.message());
  }

  @Test
  void closeReasonCodesAreStable() {
    assertEquals("handshake_failed", Kind.HANDSHAKE_FAILED.code());
    assertEquals("egress_unavailable", Kind.EGRESS_UNAVAILABLE.code());
    assertEquals(
        "malformed_frame(decrypt): bad tag",
        new CloseReason(Kind.MALFORMED_FRAME, "decrypt", "bad tag").toString());
  }
}
