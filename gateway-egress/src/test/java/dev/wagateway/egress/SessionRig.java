package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.QrCodeIssued;
import dev.wagateway.core.event.SessionEvent;
import dev.wagateway.core.event.StatusChanged;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.SessionHostConfig;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.testkit.MediaRequest;
import dev.wagateway.testkit.Paired;
import dev.wagateway.testkit.SimulatedContact;
import dev.wagateway.testkit.SimulatedPhone;
import dev.wagateway.testkit.WaSimulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A session host on a SQLite file, wired to the WhatsApp simulator through a resolver, with an
 * event log and bounded waits: the bench for the session-level egress tests.
 */
public final class SessionRig implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);

  public final WaSimulator simulator;
  public final GatewayStore store;
  public final SessionHost host;
  private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

  /** {@code resolver} gets the store, so it can keep its assignments in the same file. */
  public SessionRig(Path dataDir, Function<GatewayStore, EgressResolver> resolver) {
    this(dataDir, resolver, Duration.ofSeconds(5));
  }

  public SessionRig(
      Path dataDir, Function<GatewayStore, EgressResolver> resolver, Duration connectTimeout) {
    simulator = WaSimulator.builder().phoneTimeout(Duration.ofSeconds(10)).start();
    store = Stores.sqlite(dataDir);
    host =
        SessionHost.open(
            SessionHostConfig.builder()
                .store(store)
                .egressResolver(resolver.apply(store))
                .endpoint(URI.create(simulator.url()))
                .trustedRootKey(simulator.rootPublicKey())
                .connectTimeout(connectTimeout)
                .preKeys(30, 10, 5)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400), 0.2)
                .reconnectLoop(1000, Duration.ofMinutes(5))
                .build());
    host.subscribe(events::add);
  }

  /** Creates and starts a session of org1 with {@code senderId} and {@code egress}. */
  public SessionInfo start(String id, String senderId, EgressChoice egress) {
    return host.create(
        NewSession.builder("org1")
            .id(id)
            .senderId(senderId)
            .egress(egress)
            .startImmediately(true)
            .build());
  }

  /** Scans the session's next QR code with {@code phone} and waits until it is ready. */
  public SessionInfo pairByQr(String id, SimulatedPhone phone) throws InterruptedException {
    QrCodeIssued qr = await(QrCodeIssued.class, e -> e.sessionId().equals(id));
    Paired paired = phone.scanQr(qr.code());
    assertEquals(Paired.Outcome.LINKED, paired.outcome(), () -> "pairing: " + paired);
    awaitStatus(id, s -> s.status() == SessionStatus.READY);
    return host.get(id).orElseThrow();
  }

  public StatusChanged awaitStatus(String id, Predicate<StatusChanged> match)
      throws InterruptedException {
    return await(StatusChanged.class, e -> e.sessionId().equals(id) && match.test(e));
  }

  /** The first event of {@code type} matching {@code match}, waiting at most {@link #WAIT}. */
  public <T extends SessionEvent> T await(Class<T> type, Predicate<T> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (SessionEvent e : events) {
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "no matching " + type.getSimpleName() + " within " + WAIT + "; saw " + events);
  }

  /** Forgets the events so far (the next waits see only newer ones). */
  public void clearEvents() {
    events.clear();
  }

  public List<SessionEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The session sends an image to a simulated contact and downloads one the contact sent it; the
   * contact's own upload and download are the other side's and are left out.
   *
   * @return the source addresses of the session's media requests (its upload and download)
   */
  public List<String> exchangeMedia(String sessionId, SimulatedPhone phone) throws Exception {
    SimulatedContact contact = simulator.addContact("15557770001", "Bob");
    byte[] photo = new byte[20_000];
    new java.util.Random(7).nextBytes(photo);

    int before = simulator.mediaRequests().size();
    host.sendMedia(
        sessionId,
        contact.jid(),
        new MediaUpload(MediaUpload.Kind.IMAGE, photo, "image/png", null, null));
    List<MediaRequest> upload =
        simulator.mediaRequests().subList(before, simulator.mediaRequests().size());
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertArrayEquals(photo, contact.download((MessageContent.Image) got.content()));

    MediaInfo info = contact.upload(photo, "image", "image/jpeg");
    String id = contact.send(phone.jid(), new MessageContent.Image(info, null, 1, 1));
    MessageReceived in = await(MessageReceived.class, e -> e.key().id().equals(id));
    int beforeDownload = simulator.mediaRequests().size();
    assertArrayEquals(photo, host.downloadMedia(sessionId, (MessageContent.Media) in.content()));
    List<MediaRequest> download =
        simulator.mediaRequests().subList(beforeDownload, simulator.mediaRequests().size());

    assertEquals(List.of("POST"), upload.stream().map(MediaRequest::method).toList(), "upload");
    assertEquals(List.of("GET"), download.stream().map(MediaRequest::method).toList(), "download");
    return java.util.stream.Stream.concat(upload.stream(), download.stream())
        .map(r -> r.peer().getAddress().getHostAddress())
        .toList();
  }

  /** The source address of every connection the simulator accepted, as text. */
  public List<String> peerIps() {
    return simulator.peerAddresses().stream()
        .map(InetSocketAddress::getAddress)
        .map(a -> a.getHostAddress())
        .toList();
  }

  @Override
  public void close() {
    host.close();
    store.close();
    simulator.close();
  }
}
