package dev.wagateway.cli;

import dev.wagateway.core.DesiredState;
import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageFailed;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.SessionEvents;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.Egress;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wagateway send}: logs in with the session paired by {@code wagateway pair} under {@code
 * --data}, sends one text, and exits once the server acknowledged it (printing the {@code
 * message.sent} event as a JSON line). Exit 1 when the server refuses it or time runs out.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Send one text from the paired session and exit once the server acked it.")
final class SendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogFormat.Options logging;

  @Mixin ConnectTarget.Options connect;

  @Option(names = "--to", required = true, paramLabel = "JID", description = "recipient JID")
  String to;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "message text")
  String text;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "give up after this many seconds (default 60)")
  long timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    ConnectTarget target = connect.target();
    URI endpoint = target.endpoint();
    byte[] rootKey = target.rootKey();
    Egress egress = target.egress();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, timeoutSeconds));
    GatewayStore store = Stores.sqlite(connect.data);
    SessionHost host;
    try {
      host =
          SessionHost.open(
              SessionHostConfig.builder()
                  .store(store)
                  .egressResolver(s -> egress)
                  .endpoint(endpoint)
                  .trustedRootKey(rootKey)
                  .build());
    } catch (GatewayException e) {
      store.close();
      throw new WagatewayCli.BadInputException(e.getMessage(), e);
    }
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Map<String, CompletableFuture<SessionEvent>> outcomes = new ConcurrentHashMap<>();
    try {
      host.subscribe(
          PairCommand.SESSION_ID,
          Set.of(),
          event -> {
            if (event instanceof StatusChanged s) {
              if (s.status() == SessionStatus.READY) {
                ready.complete(null);
              } else if (s.status() == SessionStatus.FAILED) {
                ready.completeExceptionally(
                    new GatewayException(ErrorCode.SESSION_FAILED, String.valueOf(s.lastError())));
              }
            } else if (event instanceof MessageSent m) {
              outcomes.computeIfAbsent(m.messageId(), k -> new CompletableFuture<>()).complete(m);
            } else if (event instanceof MessageFailed m) {
              outcomes.computeIfAbsent(m.messageId(), k -> new CompletableFuture<>()).complete(m);
            }
          });
      SessionInfo info = host.get(PairCommand.SESSION_ID).orElse(null);
      if (info == null || info.identity() == null) {
        throw new WagatewayCli.BadInputException(
            "no paired session under " + connect.data + "; run wagateway pair first", null);
      }
      if (host.get(PairCommand.SESSION_ID).orElseThrow().status() == SessionStatus.READY) {
        ready.complete(null);
      } else if (info.desiredState() != DesiredState.STARTED) {
        host.start(PairCommand.SESSION_ID);
      }
      await(ready, deadline);
      String id = host.sendText(PairCommand.SESSION_ID, to, text);
      SessionEvent outcome =
          await(outcomes.computeIfAbsent(id, k -> new CompletableFuture<>()), deadline);
      synchronized (out) {
        out.println(SessionEvents.toJson(outcome));
        out.flush();
      }
      if (outcome instanceof MessageFailed f) {
        err.println("wagateway: the server refused the message: " + f.reason());
        err.flush();
        return 1;
      }
      return 0;
    } catch (TimeoutException e) {
      err.println("wagateway: " + e.getMessage());
      err.flush();
      return 1;
    } catch (GatewayException e) {
      if (e instanceof GatewayException.ValidationException) {
        throw new WagatewayCli.BadInputException(e.getMessage(), e);
      }
      err.println("wagateway: " + WagatewayCli.oneLine(String.valueOf(e.getMessage())));
      err.flush();
      return 1;
    } finally {
      host.close();
      store.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future, long deadline)
      throws InterruptedException, TimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("timed out");
    }
    try {
      return future.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer within the timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayException g) {
        throw g;
      }
      throw new GatewayException(ErrorCode.FAILED, String.valueOf(cause), cause);
    }
  }
}
