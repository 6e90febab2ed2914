package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.cli.demo.DemoWorld;
import dev.wagateway.client.EventFilter;
import dev.wagateway.client.EventListener;
import dev.wagateway.client.EventSubscription;
import dev.wagateway.client.RetryPolicy;
import dev.wagateway.client.WagatewayApi;
import dev.wagateway.client.WagatewayApiException;
import dev.wagateway.client.WagatewayClient;
import dev.wagateway.client.model.AuthLoggedOutEvent;
import dev.wagateway.client.model.AuthPairedEvent;
import dev.wagateway.client.model.AuthQrEvent;
import dev.wagateway.client.model.CreateSessionRequest;
import dev.wagateway.client.model.DemoContactMessage;
import dev.wagateway.client.model.DemoContactSendRequest;
import dev.wagateway.client.model.Event;
import dev.wagateway.client.model.EventType;
import dev.wagateway.client.model.Message;
import dev.wagateway.client.model.MessageReceivedEvent;
import dev.wagateway.client.model.MessageSentEvent;
import dev.wagateway.client.model.MessageStatus;
import dev.wagateway.client.model.MessageType;
import dev.wagateway.client.model.SendTextMessage;
import dev.wagateway.client.model.Session;
import dev.wagateway.client.model.SessionIdentity;
import dev.wagateway.client.model.SessionStatus;
import dev.wagateway.client.model.SessionStatusEvent;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.server.config.ServerConfig;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedContact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK against the real server in demo mode (issue 7's integration test): every HTTP call goes
 * through the generated client (typed requests, {@code client.events().subscribe} for the event
 * stream); only the phone's action (scanning the QR) uses the demo world's simulated phone
 * directly. Flow: create session, QR from an {@code auth.qr} event, the phone scans, {@code
 * auth.paired} and {@code connected}, {@code /me}, a text to the demo contact ({@code
 * message.sent}, {@code getMessage}), a text from the demo contact ({@code message.received}),
 * logout ({@code auth.logged_out}, the phone no longer lists the device, {@code /me} is 404).
 *
 * <p>It lives in gateway-cli's tests, beside the demo it drives, in the server's package for the
 * server's test helpers (gateway-server's test-jar); gateway-client's tests cannot host it (that
 * edge would close a reactor cycle).
 */
class SdkDemoFlowIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Path dataDir;
  private DemoWorld demo;
  private GatewayServer server;
  private WagatewayClient client;
  private WagatewayApi api;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("wagateway-sdk-it");
    demo = DemoWorld.start();
    server =
        demo.installInto(
                GatewayServer.builder(
                    ServerConfig.builder()
                        .adminKey(TestServer.ADMIN_KEY)
                        .dataDir(dataDir)
                        .events(new ServerConfig.Events(1000, 200, Duration.ofSeconds(5)))
                        .build()))
            .create()
            .start(0);
    client =
        WagatewayClient.builder()
            .baseUrl(server.baseUrl())
            .token(TestServer.ADMIN_KEY)
            .retryPolicy(RetryPolicy.NONE)
            .build();
    api = client.api();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  @SuppressWarnings("try") // the subscription only has to stay open for the test's length
  void createQrScanConnectedMeLogoutThroughTheSdk() throws Exception {
    Recorder events = new Recorder();
    try (EventSubscription sub =
        client
            .events()
            .subscribe(
                EventFilter.all()
                    .withTypes(
                        EventType.AUTH_QR,
                        EventType.AUTH_PAIRED,
                        EventType.SESSION_STATUS,
                        EventType.AUTH_LOGGED_OUT,
                        EventType.MESSAGE_SENT,
                        EventType.MESSAGE_RECEIVED),
                events)) {
      assertTrue(events.opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "stream open");

      Session created =
          api.createSession(CreateSessionRequest.builder().name("sdk it").autoStart(true).build());
      String id = created.id();
      assertTrue(id.startsWith("sess_"), id);
      assertEquals("sdk it", created.name());
      assertFalse(created.paired());

      AuthQrEvent qr = events.next(AuthQrEvent.class, e -> e.sessionId().equals(id));
      assertTrue(qr.code().split(",").length >= 4, "ref,noise key,identity key,adv secret");
      assertNotNull(qr.id(), "SSE event id for Last-Event-ID resume");
      assertEquals(qr.code(), api.getSessionQr(id).code(), "the event and GET /qr show one code");
      assertEquals(SessionStatus.PAIRING, api.getSession(id).status());

      // the phone's part: it scans the code the event stream delivered
      Paired scan = demo.phone().scanQr(qr.code());
      assertEquals(Paired.Outcome.LINKED, scan.outcome());

      AuthPairedEvent paired = events.next(AuthPairedEvent.class, e -> e.sessionId().equals(id));
      assertEquals(DemoWorld.PHONE, paired.phone());
      assertEquals(scan.deviceJid(), paired.jid());
      events.next(
          SessionStatusEvent.class,
          e -> e.sessionId().equals(id) && e.status() == SessionStatus.CONNECTED);

      Session connected = api.getSession(id);
      assertEquals(SessionStatus.CONNECTED, connected.status());
      assertTrue(connected.paired());
      assertEquals(DemoWorld.PHONE, connected.phone());
      SessionIdentity me = api.getSessionIdentity(id);
      assertEquals(scan.deviceJid(), me.jid());
      assertEquals(DemoWorld.PHONE, me.phone());
      assertEquals(scan.deviceId(), me.deviceId());
      assertTrue(me.jid().startsWith(DemoWorld.PHONE + ":"), me.jid());
      assertTrue(
          demo.phone().linkedDevices().stream().anyMatch(d -> d.jid().equals(me.jid())),
          "the phone lists the device");

      // a text to the demo contact: 202 pending (or already sent), message.sent, getMessage
      Message queued =
          api.sendMessage(
              id,
              SendTextMessage.builder()
                  .type("text")
                  .to(DemoWorld.CONTACT)
                  .text("hello contact")
                  .build());
      assertEquals(id, queued.sessionId());
      assertEquals(DemoWorld.CONTACT + "@s.whatsapp.net", queued.to());
      assertEquals(MessageType.TEXT, queued.type());
      assertTrue(
          queued.status() == MessageStatus.PENDING || queued.status() == MessageStatus.SENT,
          "accepted as " + queued.status());
      MessageSentEvent sent =
          events.next(MessageSentEvent.class, e -> e.messageId().equals(queued.id()));
      assertEquals(id, sent.sessionId());
      assertEquals(DemoWorld.CONTACT + "@s.whatsapp.net", sent.to());
      Message status = api.getMessage(id, queued.id());
      assertEquals(queued.id(), status.id());
      assertTrue(
          status.status() == MessageStatus.SENT
              || status.status() == MessageStatus.DELIVERED
              || status.status() == MessageStatus.READ,
          "after message.sent the status is " + status.status());
      SimulatedContact.Received atContact = demo.contact().awaitMessage(WAIT);
      assertNotNull(atContact, "the contact got the text");
      assertEquals(queued.id(), atContact.id());
      assertEquals("hello contact", ((MessageContent.Text) atContact.content()).text());

      // the demo contact answers through the SDK's demo operation: message.received
      DemoContactMessage reply =
          api.demoContactSend(
              DemoContactSendRequest.builder().sessionId(id).text("hello session").build());
      assertEquals(DemoWorld.CONTACT + "@s.whatsapp.net", reply.from());
      MessageReceivedEvent received =
          events.next(MessageReceivedEvent.class, e -> e.messageId().equals(reply.messageId()));
      assertEquals(id, received.sessionId());
      assertEquals(MessageType.TEXT, received.messageType());
      assertEquals("hello session", received.text());
      assertEquals(DemoWorld.CONTACT + "@s.whatsapp.net", received.chat());
      assertFalse(received.fromMe());

      Session out = api.logoutSession(id);
      assertFalse(out.paired());
      AuthLoggedOutEvent bye = events.next(AuthLoggedOutEvent.class, e -> e.sessionId().equals(id));
      assertEquals("logout_requested", bye.reason());
      assertTrue(
          demo.phone().linkedDevices().stream().noneMatch(d -> d.jid().equals(me.jid())),
          "the phone no longer lists the device");
      WagatewayApiException gone =
          assertThrows(WagatewayApiException.class, () -> api.getSessionIdentity(id));
      assertEquals(404, gone.status());
      assertTrue(events.errors.isEmpty(), "stream errors: " + events.errors);
    }
  }

  /** Queues the subscription's events; waits for one are bounded. */
  private static final class Recorder implements EventListener {
    final CountDownLatch opened = new CountDownLatch(1);
    final List<String> errors = new ArrayList<>();
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(Event event) {
      queue.add(event);
    }

    @Override
    public void onOpen() {
      opened.countDown();
    }

    @Override
    public void onError(dev.wagateway.client.WagatewayException error, boolean willRetry) {
      synchronized (errors) {
        errors.add(error.toString());
      }
    }

    <T extends Event> T next(Class<T> type, Predicate<T> match) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<Event> skipped = new ArrayList<>();
      while (true) {
        long left = deadline - System.nanoTime();
        Event e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
        if (e == null) {
          throw new AssertionError(
              "no matching " + type.getSimpleName() + " within " + WAIT + "; skipped " + skipped);
        }
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
        skipped.add(e);
      }
    }
  }
}
