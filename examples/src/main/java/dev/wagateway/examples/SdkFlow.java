package dev.wagateway.examples;

import static dev.wagateway.examples.Examples.WAIT;
import static dev.wagateway.examples.Examples.check;

import dev.wagateway.client.EventFilter;
import dev.wagateway.client.EventListener;
import dev.wagateway.client.EventSubscription;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.client.model.AuthLoggedOutEvent;
import dev.wagateway.client.model.AuthQrEvent;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.DemoPairingOutcome;
import dev.wagateway.client.model.DemoPhone;
import dev.wagateway.client.model.DemoScanRequest;
import dev.wagateway.client.model.Event;
import dev.wagateway.client.model.EventType;
import dev.wagateway.client.model.Session;
import dev.wagateway.client.model.SessionIdentity;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.client.model.SessionStatusEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Java SDK against a gateway server in demo mode (started here, on a free loopback port):
 * subscribe to the event stream, create a session, take its QR from an {@code auth.qr} event, let
 * the demo's simulated phone scan it, wait for {@code connected}, read {@code /me}, and log out.
 *
 * <p>Every call goes through the SDK, the phone's part too: {@code demoPhoneScan} ({@code POST
 * /demo/phone/scan}) is a demo-only operation, served only when the server runs in demo mode.
 *
 * <p>Run: {@code examples/run.sh SdkFlow}
 */
public final class SdkFlow {
  private SdkFlow() {}

  public static void main(String[] args) {
    Examples.exit(SdkFlow::run);
  }

  @SuppressWarnings("try") // the subscription only needs to be open, and closed at the end
  static void run(PrintStream out) throws Exception {
    Path dataDir = Examples.scratchDir("wagateway-sdk-flow");
    try (LocalGateway gateway = LocalGateway.start(dataDir, true)) {
      WagatewayClient client = gateway.client;
      out.println("server (demo mode) at " + gateway.server.baseUrl());
      WagatewayApi api = client.api();

      // Subscribe before creating the session, so its first QR cannot be missed.
      Events events = new Events();
      try (EventSubscription subscription =
          client
              .events()
              .subscribe(
                  EventFilter.all()
                      .withTypes(
                          EventType.AUTH_QR, EventType.SESSION_STATUS, EventType.AUTH_LOGGED_OUT),
                  events)) {
        check(
            events.opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
            "the event stream did not open");

        Session session =
            api.createSession(
                CreateSessionRequest.builder().name("SDK flow").autoStart(true).build());
        String id = session.id();
        out.println("created session " + id + " (" + session.status().wireName() + ")");

        AuthQrEvent qr = events.next(AuthQrEvent.class, e -> e.sessionId().equals(id));
        out.println("auth.qr event: a QR code of " + qr.code().length() + " characters");
        check(
            qr.code().equals(api.getSessionQr(id).code()),
            "GET /qr shows another code than the event");

        // The phone's part, through the demo-only operation (served only with --demo).
        DemoPairingOutcome scan = api.demoPhoneScan(new DemoScanRequest(id));
        check("linked".equals(scan.outcome()), "the demo phone could not link: " + scan.outcome());
        out.println("the demo phone scanned the QR");

        events.next(
            SessionStatusEvent.class,
            e -> e.sessionId().equals(id) && e.status() == SessionStatus.CONNECTED);
        Session connected = api.getSession(id);
        check(connected.paired(), "connected but not paired");
        SessionIdentity me = api.getSessionIdentity(id);
        out.println(
            "connected; /me: jid "
                + me.jid()
                + ", phone "
                + me.phone()
                + ", device "
                + me.deviceId());
        DemoPhone phone = api.getDemoPhone();
        check(phone.phone().equals(me.phone()), "/me names another phone than the demo phone");
        out.println("the demo phone lists " + phone.linkedDevices() + " linked device(s)");

        Session loggedOut = api.logoutSession(id);
        check(!loggedOut.paired(), "still paired after logout");
        AuthLoggedOutEvent bye =
            events.next(AuthLoggedOutEvent.class, e -> e.sessionId().equals(id));
        out.println("logged out (" + bye.reason() + ")");
        check(
            api.getDemoPhone().linkedDevices() == phone.linkedDevices() - 1,
            "the phone still lists the device");
        try {
          api.getSessionIdentity(id);
          throw new Examples.StepFailed("/me still answers after logout");
        } catch (WagatewayApiException expected) {
          check(expected.status() == 404, "/me after logout answered " + expected.status());
          out.println("/me after logout: " + expected.status() + " " + expected.code());
        }
      }
    } finally {
      Examples.deleteTree(dataDir);
    }
    out.println("SdkFlow: OK");
  }

  /** The subscription's events, queued so the flow can wait (bounded) for the next one it needs. */
  private static final class Events implements EventListener {
    final CountDownLatch opened = new CountDownLatch(1);
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(Event event) {
      queue.add(event);
    }

    @Override
    public void onOpen() {
      opened.countDown();
    }

    <T extends Event> T next(Class<T> type, Predicate<T> match) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        Event e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
        if (e == null) {
          throw new Examples.StepFailed(
              "no " + type.getSimpleName() + " within " + WAIT.toSeconds() + " s");
        }
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
      }
    }
  }
}
