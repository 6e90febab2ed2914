package dev.wagateway.cli;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.PairingCode;
import dev.wagateway.core.QrRenderer;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.LoggedOut;
import dev.wagateway.core.event.PairingCodeIssued;
import dev.wagateway.core.event.QrCodeIssued;
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
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wagateway pair}: links one session stored under {@code --data} by QR (drawn in the
 * terminal) or by phone code, then stays connected until Ctrl-C. Run again with the same data
 * directory and it logs in with the stored credentials. The connection goes through the loopback
 * egress, or through {@code --proxy}; never directly.
 */
@Command(
    name = "pair",
    mixinStandardHelpOptions = true,
    description = {
      "Pair a linked device (QR or phone code) and stay connected until Ctrl-C.",
      "With --json, events (status, messages, receipts) are printed as JSON lines and commands",
      "are read as JSON lines on standard input:"
          + " {\"type\":\"send\",\"to\":\"<jid>\",\"text\":\"...\"},",
      "{\"type\":\"exit\"}."
    })
final class PairCommand implements Callable<Integer> {
  static final String SESSION_ID = "cli";

  @Spec CommandSpec spec;

  @Mixin LogFormat.Options logging;

  @Mixin ConnectTarget.Options connect;

  @Option(
      names = "--phone",
      paramLabel = "DIGITS",
      description = "pair with a phone code for this number instead of a QR code")
  String phone;

  @Option(names = "--json", description = "print one JSON event per line")
  boolean json;

  @Option(
      names = "--exit-when-ready",
      description = "exit once the session is ready instead of staying connected")
  boolean exitWhenReady;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "give up after this many seconds (0: never)")
  long timeoutSeconds;

  /** Where {@code --json} mode reads commands (standard input when run from {@code main}). */
  java.io.InputStream stdin = java.io.InputStream.nullInputStream();

  @Override
  public Integer call() throws InterruptedException {
    ConnectTarget target = connect.target();
    URI endpoint = target.endpoint();
    byte[] rootKey = target.rootKey();
    Egress egress = target.egress();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch done = new CountDownLatch(1);
    int[] exitCode = {0};
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
    Thread shutdown =
        new Thread(
            () -> {
              done.countDown();
            },
            "wagateway-pair-stop");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      host.subscribe(
          SESSION_ID,
          java.util.Set.of(),
          event -> {
            print(event, out);
            if (event instanceof StatusChanged s) {
              if (s.status() == SessionStatus.READY && exitWhenReady) {
                done.countDown();
              } else if (s.status() == SessionStatus.FAILED
                  || (s.status() == SessionStatus.DISCONNECTED
                      && s.lastError() != null
                      && !s.lastError().startsWith("connection_failed:"))) {
                exitCode[0] = 1;
                done.countDown();
              }
            }
          });
      SessionInfo info = host.get(SESSION_ID).orElse(null);
      if (info == null) {
        host.create(NewSession.builder("cli").id(SESSION_ID).displayName("wagateway pair").build());
        info = host.get(SESSION_ID).orElseThrow();
      }
      if (info.identity() == null && phone != null) {
        PairingCode code = host.requestPairingCode(SESSION_ID, phone);
        if (!json) {
          err.println("type this code on the phone: " + code.code());
          err.flush();
        }
      } else if (info.status() != SessionStatus.READY) {
        host.start(SESSION_ID);
      }
      if (json) {
        Thread commands =
            new Thread(
                () -> new CommandLines(host, SESSION_ID, out, done::countDown).run(stdin),
                "wagateway-pair-commands");
        commands.setDaemon(true);
        commands.start();
      }
      if (timeoutSeconds > 0) {
        if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
          err.println("wagateway: not ready within " + Duration.ofSeconds(timeoutSeconds));
          exitCode[0] = 1;
        }
      } else {
        done.await();
      }
    } catch (GatewayException e) {
      throw new WagatewayCli.BadInputException(e.getMessage(), e);
    } finally {
      host.close();
      store.close();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdown);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
    return exitCode[0];
  }

  private void print(SessionEvent event, PrintWriter out) {
    synchronized (out) {
      if (json) {
        out.println(SessionEvents.toJson(event));
      } else if (event instanceof QrCodeIssued qr) {
        out.println(QrRenderer.terminal(qr.code()));
        out.println("scan with WhatsApp > Linked devices (valid until " + qr.expiresAt() + ")");
      } else if (event instanceof PairingCodeIssued code) {
        out.println("pairing code: " + code.code());
      } else if (event instanceof StatusChanged s) {
        out.println(
            "status: "
                + s.status().wireName()
                + (s.identity() == null ? "" : " as " + s.identity().jid())
                + (s.lastError() == null ? "" : " (" + s.lastError() + ")"));
      } else if (event instanceof LoggedOut l) {
        out.println("logged out: " + l.reason());
      }
      out.flush();
    }
  }
}
