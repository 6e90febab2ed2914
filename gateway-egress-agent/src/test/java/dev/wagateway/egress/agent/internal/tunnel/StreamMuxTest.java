package dev.wagateway.egress.agent.internal.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.egress.agent.internal.tunnel.StreamMux.TunnelStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Flow control, close and reset of the stream multiplexer, frame by frame. */
class StreamMuxTest {
  private final List<Frame> sent = new CopyOnWriteArrayList<>();
  private final StreamMux mux =
      new StreamMux(
          f -> {
            try {
              sent.add(Frame.decode(f));
            } catch (TunnelProtocolException e) {
              throw new AssertionError(e);
            }
            return true;
          },
          new StreamMux.Limits(4, 8, 12, 2),
          200);

  private static Frame frame(int type, long id, byte[] payload) throws TunnelProtocolException {
    return Frame.decode(Frame.encode(type, id, payload));
  }

  private static Frame data(long id, int n) throws TunnelProtocolException {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (i + 1);
    }
    return frame(Frame.DATA, id, p);
  }

  @Test
  void writesStopAtTheStreamWindowAndResumeOnWindowUpdate() throws Exception {
    TunnelStream s = mux.openNext();
    assertEquals(1, s.id());
    s.output().write(new byte[8]); // window 8, frames of at most 4
    assertEquals(2, sent.size());
    assertEquals(4, sent.get(0).payloadLength());
    SocketTimeoutException blocked =
        assertThrows(SocketTimeoutException.class, () -> s.output().write(1));
    assertTrue(blocked.getMessage().startsWith("no tunnel send credit"));
    mux.onFrame(Frame.decode(Frame.u32(Frame.WINDOW_UPDATE, 1, 3)));
    s.output().write(new byte[3]);
    assertEquals(3, sent.size());
    assertEquals(3, sent.get(2).payloadLength());
  }

  @Test
  void connectionWindowLimitsAllStreamsTogether() throws Exception {
    TunnelStream a = mux.openNext();
    TunnelStream b = mux.openNext();
    a.output().write(new byte[8]);
    b.output().write(new byte[4]); // 12 = connection window
    assertThrows(SocketTimeoutException.class, () -> b.output().write(1));
    mux.onFrame(Frame.decode(Frame.u32(Frame.WINDOW_UPDATE, 0, 4)));
    b.output().write(new byte[4]);
    assertEquals(Frame.DATA, sent.get(sent.size() - 1).type());
  }

  @Test
  void receivedBytesAreCreditedBackInHalfWindowBatches() throws Exception {
    TunnelStream s = mux.openNext();
    mux.onFrame(data(1, 4));
    mux.onFrame(data(1, 4));
    assertEquals(8, mux.bufferedBytes());
    byte[] buf = new byte[3];
    assertEquals(3, s.input().read(buf));
    assertArrayEquals(new byte[] {1, 2, 3}, buf);
    assertTrue(sent.isEmpty(), "3 < half window: no update yet");
    assertEquals(3, s.input().read(buf));
    assertEquals(Frame.WINDOW_UPDATE, sent.get(0).type());
    assertEquals(1, sent.get(0).streamId());
    assertEquals(6, sent.get(0).u32Payload());
    assertEquals(0, sent.get(1).streamId());
    assertEquals(6, sent.get(1).u32Payload());
    assertEquals(8, mux.maxBufferedBytes());
  }

  @Test
  void dataBeyondTheStreamWindowResetsTheStream() throws Exception {
    TunnelStream s = mux.openNext();
    mux.onFrame(data(1, 4));
    mux.onFrame(data(1, 4));
    mux.onFrame(data(1, 1));
    Frame reset = sent.get(0);
    assertEquals(Frame.RESET, reset.type());
    assertEquals(0x03, reset.payload()[0]);
    IOException e = assertThrows(IOException.class, () -> s.input().read());
    assertTrue(e.getMessage().contains("flow_control_error"), e.getMessage());
    assertEquals(0, mux.bufferedBytes());
  }

  @Test
  void dataBeyondTheConnectionWindowIsAProtocolError() throws Exception {
    mux.openNext();
    mux.openNext();
    mux.onFrame(data(1, 4));
    mux.onFrame(data(1, 4));
    mux.onFrame(data(2, 4));
    assertThrows(TunnelProtocolException.class, () -> mux.onFrame(data(2, 1)));
  }

  @Test
  void framesForNeverOpenedStreamsAreProtocolErrorsAndForEndedOnesAreDropped() throws Exception {
    assertThrows(TunnelProtocolException.class, () -> mux.onFrame(data(1, 1)));
    TunnelStream s = mux.openNext();
    mux.onFrame(frame(Frame.RESET, 1, new byte[] {0x01}));
    mux.onFrame(data(1, 2)); // crossed the RESET: dropped
    mux.onFrame(frame(Frame.CLOSE, 1, new byte[0]));
    IOException e = assertThrows(IOException.class, () -> s.input().read());
    assertEquals("stream reset by peer: cancel", e.getMessage());
    assertThrows(
        TunnelProtocolException.class, () -> mux.onFrame(frame(Frame.CLOSE, 7, new byte[0])));
  }

  @Test
  void closeHalfClosesAndCloseAfterBothSidesEndsWithoutReset() throws Exception {
    TunnelStream s = mux.openNext();
    s.shutdownOutput();
    assertEquals(Frame.CLOSE, sent.get(0).type());
    assertThrows(IOException.class, () -> s.output().write(1));
    mux.onFrame(data(1, 2));
    mux.onFrame(frame(Frame.CLOSE, 1, new byte[0]));
    assertEquals(1, s.input().read());
    assertEquals(2, s.input().read());
    assertEquals(-1, s.input().read());
    s.close(); // both sides closed, all read: the stream just ends
    assertEquals(1, sent.size(), "no RESET after a finished stream");
    assertEquals(0, mux.openStreams());
  }

  @Test
  void aSecondCloseResetsTheStreamWithProtocolError() throws Exception {
    mux.openNext();
    mux.onFrame(frame(Frame.CLOSE, 1, new byte[0]));
    mux.onFrame(frame(Frame.CLOSE, 1, new byte[0]));
    assertEquals(Frame.RESET, sent.get(0).type());
    assertEquals(0x04, sent.get(0).payload()[0]);
  }

  @Test
  void closingAnUnfinishedStreamSendsResetCancel() throws Exception {
    TunnelStream s = mux.openNext();
    s.close();
    assertEquals(Frame.RESET, sent.get(0).type());
    assertEquals(0x01, sent.get(0).payload()[0]);
    assertEquals(0, mux.openStreams());
  }

  @Test
  void readsHonourTheTimeoutAndTunnelFailureEndsEveryStream() throws Exception {
    TunnelStream s = mux.openNext();
    s.setReadTimeoutMillis(50);
    assertThrows(SocketTimeoutException.class, () -> s.input().read());
    mux.fail("egress node n1 tunnel closed: heartbeat_timeout");
    IOException e = assertThrows(IOException.class, () -> s.input().read());
    assertEquals("egress node n1 tunnel closed: heartbeat_timeout", e.getMessage());
    assertThrows(IOException.class, mux::openNext);
  }

  @Test
  void readsSpanFramesWithoutTheirHeadersWhateverTheReadSize() throws Exception {
    TunnelStream s = mux.openNext();
    mux.onFrame(frame(Frame.DATA, 1, new byte[] {10, 11, 12}));
    mux.onFrame(frame(Frame.DATA, 1, new byte[] {13, 14, 15, 16}));
    byte[] first = new byte[2];
    assertEquals(2, s.input().read(first));
    assertArrayEquals(new byte[] {10, 11}, first);
    byte[] rest = new byte[8];
    assertEquals(5, s.input().read(rest, 1, 7));
    assertArrayEquals(new byte[] {0, 12, 13, 14, 15, 16, 0, 0}, rest);
    assertEquals(0, mux.bufferedBytes());
    // After the queue drained, the next frame's payload again starts past its header.
    mux.onFrame(frame(Frame.DATA, 1, new byte[] {17}));
    assertEquals(17, s.input().read());
    // A frame read half way on one stream doesn't shift what another stream reads.
    mux.onFrame(frame(Frame.DATA, 1, new byte[] {20, 21, 22}));
    assertEquals(20, s.input().read());
    TunnelStream t = mux.openNext();
    mux.onFrame(frame(Frame.DATA, 2, new byte[] {30, 31}));
    assertEquals(30, t.input().read());
    assertEquals(31, t.input().read());
    assertEquals(21, s.input().read());
  }

  @Test
  void streamLimitAndIdOrderAreEnforced() throws Exception {
    mux.openNext();
    mux.openNext();
    IOException full = assertThrows(IOException.class, mux::openNext);
    assertTrue(full.getMessage().contains("2 streams"));
    StreamMux agentSide = new StreamMux(f -> true, StreamMux.Limits.defaults(), 100);
    agentSide.accept(3);
    assertThrows(TunnelProtocolException.class, () -> agentSide.accept(3));
    assertThrows(TunnelProtocolException.class, () -> agentSide.accept(2));
  }
}
