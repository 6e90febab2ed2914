package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.wire.BinaryNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class IqTrackerTest {
  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final IqTracker iqs = new IqTracker(44317, 65299, Runnable::run, scheduler);

  private static BinaryNode answer(String id, String type) {
    return BinaryNode.of("iq", Map.of("id", id, "type", type, "from", "s.whatsapp.net"));
  }

  private static Throwable cause(CompletableFuture<?> f) {
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void idsAreTwoNumbersAndACounter() {
    assertEquals("44317.65299-1", iqs.nextId());
    assertEquals("44317.65299-2", iqs.nextId());
  }

  @Test
  void aResultCompletesItsRequestOnce() throws Exception {
    String id = iqs.nextId();
    CompletableFuture<BinaryNode> f = iqs.track(id, Duration.ofSeconds(5));
    BinaryNode result = answer(id, "result");
    assertTrue(iqs.complete(result));
    assertSame(result, f.get());
    assertFalse(iqs.complete(result), "a second answer matches nothing");
    assertEquals(0, scheduler.pending(), "the deadline was cancelled");
  }

  @Test
  void anErrorAnswerCarriesItsCode() {
    String id = iqs.nextId();
    CompletableFuture<BinaryNode> f = iqs.track(id, Duration.ofSeconds(5));
    BinaryNode error =
        BinaryNode.newBuilder("iq")
            .attr("id", id)
            .attr("type", "error")
            .child(BinaryNode.of("error", Map.of("code", "403", "text", "forbidden")))
            .build();
    assertTrue(iqs.complete(error));
    IqTracker.IqErrorException e = assertInstanceOf(IqTracker.IqErrorException.class, cause(f));
    assertEquals(403, e.code());
  }

  @Test
  void requestsWithoutAnswerTimeOut() {
    CompletableFuture<BinaryNode> f = iqs.track(iqs.nextId(), Duration.ofSeconds(10));
    scheduler.advance(Duration.ofSeconds(9));
    assertFalse(f.isDone());
    scheduler.advance(Duration.ofSeconds(1));
    assertInstanceOf(TimeoutException.class, cause(f));
    assertEquals(0, iqs.pendingCount());
  }

  @Test
  void setsAndUnknownIdsAreNotAnswers() {
    iqs.track(iqs.nextId(), Duration.ofSeconds(10));
    assertFalse(iqs.complete(answer("44317.65299-1", "set")));
    assertFalse(iqs.complete(answer("other-1", "result")));
    assertEquals(1, iqs.pendingCount());
  }

  @Test
  void anEndedConnectionFailsWaitingAndLaterRequests() {
    CompletableFuture<BinaryNode> waiting = iqs.track(iqs.nextId(), Duration.ofSeconds(10));
    IOException ended = new IOException("the connection ended");
    iqs.failAll(ended);
    assertSame(ended, cause(waiting));
    CompletableFuture<BinaryNode> later = iqs.track(iqs.nextId(), Duration.ofSeconds(10));
    assertSame(ended, cause(later));
    assertEquals(0, scheduler.pending());
  }
}
