package dev.wagateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.NewSession;
import dev.wagateway.core.SessionStatus;
import dev.wagateway.core.event.MessageReceived;
import dev.wagateway.core.event.MessageSent;
import dev.wagateway.core.host.SessionHost;
import dev.wagateway.core.host.Stores;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MediaUpload;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import dev.wagateway.core.message.Quote;
import dev.wagateway.core.store.GatewayStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media both ways through the simulator's media host (real upload, download and verification), a
 * tampered blob rejected with a typed error, and every supported content type from a simulated
 * contact decoded by the session.
 */
class MediaMessagingIT {
  private static final String PHONE = "15550001234";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private WaSimulator simulator;
  private SimulatedPhone phone;
  private SimulatedContact contact;
  private GatewayStore store;
  private SessionHost host;
  private final EventLog events = new EventLog();

  @BeforeEach
  void start() throws Exception {
    simulator = WaSimulator.builder().start();
    phone = simulator.addPhone(PHONE, "Alice");
    contact = simulator.addContact("15557770001", "Bob");
    store = Stores.sqlite(dataDir);
    host = SessionHost.open(simulator.sessionHostConfig(store).preKeys(30, 10, 5).build());
    host.subscribe(events);
    host.create(NewSession.builder("org1").id("s1").startImmediately(true).build());
    phone.scanQr(events.awaitQr(0).code());
    events.awaitStatus("s1", SessionStatus.READY);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && phone.linkedDevices().stream().noneMatch(d -> d.preKeyCount() > 0)) {
      Thread.sleep(10);
    }
  }

  @AfterEach
  void stop() {
    host.close();
    store.close();
    simulator.close();
  }

  private static byte[] file(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private MessageReceived received(String id) throws InterruptedException {
    return events.await(MessageReceived.class, e -> e.key().id().equals(id));
  }

  @Test
  void contactSendsMediaAndTheSessionDownloadsIt() throws Exception {
    byte[] photo = file(70_000, 1);
    MediaInfo info = contact.upload(photo, "image", "image/jpeg");
    MessageContent.Image image = new MessageContent.Image(info, "a photo", 640, 480);
    String id = contact.send(phone.jid(), image);
    MessageReceived in = received(id);
    assertEquals(image, in.content());
    assertArrayEquals(photo, host.downloadMedia("s1", (MessageContent.Media) in.content()));

    byte[] pdf = file(5_000, 2);
    MessageContent.Document doc =
        new MessageContent.Document(
            contact.upload(pdf, "document", "application/pdf"), "a.pdf", "a.pdf", null, 3);
    MessageReceived docIn = received(contact.send(phone.jid(), doc));
    assertEquals(doc, docIn.content());
    assertArrayEquals(pdf, host.downloadMedia("s1", (MessageContent.Media) docIn.content()));
  }

  @Test
  void sessionSendsMediaAndTheContactDownloadsIt() throws Exception {
    byte[] photo = file(33_333, 3);
    String id =
        host.sendMedia(
            "s1",
            contact.jid(),
            new MediaUpload(MediaUpload.Kind.IMAGE, photo, "image/png", "look", null));
    SimulatedContact.Received got = contact.awaitMessage(WAIT);
    assertNotNull(got);
    assertEquals(id, got.id());
    assertEquals("media", got.stanza().attr("type"));
    assertEquals("image", got.stanza().child("enc").attr("mediatype"));
    MessageContent.Image image = (MessageContent.Image) got.content();
    assertEquals("look", image.caption());
    assertEquals("image/png", image.media().mimetype());
    assertEquals(photo.length, image.media().fileLength());
    assertArrayEquals(photo, contact.download(image));
    events.await(MessageSent.class, e -> e.messageId().equals(id));

    byte[] voice = file(4_000, 4);
    host.sendMedia(
        "s1",
        contact.jid(),
        new MediaUpload(MediaUpload.Kind.AUDIO, voice, "audio/ogg", null, null));
    MessageContent.Audio audio = (MessageContent.Audio) contact.awaitMessage(WAIT).content();
    assertArrayEquals(voice, contact.download(audio));
  }

  @Test
  void tamperedDownloadIsRejectedWithATypedError() throws Exception {
    byte[] photo = file(2_000, 5);
    MediaInfo info = contact.upload(photo, "image", "image/jpeg");
    String id = contact.send(phone.jid(), new MessageContent.Image(info, null, 1, 1));
    MessageContent.Media media = (MessageContent.Media) received(id).content();
    byte[] blob = simulator.mediaBlob(info.directPath());
    blob[100] ^= 0x01;
    simulator.replaceMediaBlob(info.directPath(), blob);
    GatewayException.CryptoException e =
        assertThrows(GatewayException.CryptoException.class, () -> host.downloadMedia("s1", media));
    assertEquals("media_hash_mismatch", e.code());
  }

  @Test
  void everyContentTypeFromAContactDecodes() throws Exception {
    String first = contact.send(phone.jid(), new MessageContent.Text("first"));
    received(first);
    MessageKey target = MessageKey.of(contact.jid(), false, first);
    List<MessageContent> contents =
        List.of(
            new MessageContent.Text(
                "hey @15550001234",
                new Quote(first, contact.jid(), null, new MessageContent.Text("first")),
                List.of(phone.jid())),
            new MessageContent.Video(
                contact.upload(file(3_000, 6), "video", "video/mp4"), "clip", 320, 240, 7, false),
            new MessageContent.Audio(contact.upload(file(900, 7), "audio", "audio/ogg"), 3, true),
            new MessageContent.Sticker(
                contact.upload(file(800, 8), "sticker", "image/webp"), 512, 512, false),
            new MessageContent.Reaction(target, "\uD83D\uDC4D", 1_767_225_600_000L),
            new MessageContent.Location(52.52, 13.405, "Berlin", "Mitte"),
            new MessageContent.Contact("Eve", "BEGIN:VCARD\nVERSION:3.0\nFN:Eve\nEND:VCARD"),
            new MessageContent.Edit(
                target, new MessageContent.Text("first, edited"), 1_767_225_601_000L),
            new MessageContent.Revoke(target));
    for (MessageContent content : contents) {
      String id = contact.send(phone.jid(), content);
      assertEquals(content, received(id).content(), content.getClass().getSimpleName());
    }
  }
}
