package dev.wagateway.core.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.message.MessageContent.Contact;
import dev.wagateway.core.message.MessageContent.Document;
import dev.wagateway.core.message.MessageContent.Edit;
import dev.wagateway.core.message.MessageContent.Image;
import dev.wagateway.core.message.MessageContent.Location;
import dev.wagateway.core.message.MessageContent.Reaction;
import dev.wagateway.core.message.MessageContent.Revoke;
import dev.wagateway.core.message.MessageContent.Text;
import dev.wagateway.core.message.MessageContent.Unknown;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageContentTest {
  private static final MessageKey KEY = MessageKey.of("15550002222@s.whatsapp.net", true, "ID1");

  private static MediaInfo media() {
    return new MediaInfo(null, "/v/x", new byte[32], new byte[32], new byte[32], 5, "image/png", 0);
  }

  @Test
  void keysAndContentValidateTheirInput() {
    assertThrows(ValidationException.class, () -> MessageKey.of("", false, "X"));
    assertThrows(ValidationException.class, () -> MessageKey.of("1@s.whatsapp.net", false, " "));
    assertNull(new MessageKey("1@s.whatsapp.net", false, "X", "").participant());
    assertThrows(ValidationException.class, () -> new Quote("", null, null, null));
    assertThrows(ValidationException.class, () -> new Edit(KEY, new Revoke(KEY), 0));
    assertThrows(ValidationException.class, () -> new Location(Double.NaN, 0, null, null));
    assertThrows(
        ValidationException.class, () -> new MediaInfo(null, null, null, null, null, -1, null, 0));
  }

  @Test
  void byteArraysAreCopiedInAndOut() {
    byte[] raw = {1, 2, 3};
    Unknown u = new Unknown("field:49", raw);
    raw[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, u.raw());
    u.raw()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, u.raw());
    assertEquals(new Unknown("field:49", new byte[] {1, 2, 3}), u);

    byte[] key = new byte[32];
    MediaInfo info = new MediaInfo(null, "/p", key, new byte[32], new byte[32], 1, null, 0);
    key[0] = 1;
    assertEquals(0, info.mediaKey()[0]);
    assertTrue(info.downloadable());
    assertFalse(new MediaInfo(null, "/p", null, null, null, 1, null, 0).downloadable());
  }

  @Test
  void reactionsWithAnEmptyEmojiAreRemovals() {
    assertTrue(new Reaction(KEY, "", 0).removal());
    assertTrue(new Reaction(KEY, null, 0).removal());
    assertFalse(new Reaction(KEY, "👍", 0).removal());
    assertEquals("ptt", new MessageContent.Audio(media(), 1, true).mediaType());
    assertEquals("gif", new MessageContent.Video(media(), null, 1, 1, 1, true).mediaType());
  }

  @Test
  void toStringNeverPrintsTextCaptionsCardsOrKeys() {
    String secret = "very private words";
    List<MessageContent> contents =
        List.of(
            new Text(secret),
            new Text(secret, new Quote("Q", null, null, new Text(secret)), List.of()),
            new Image(media(), secret, 1, 1),
            new MessageContent.Video(media(), secret, 1, 1, 1, false),
            new Document(media(), secret, secret, secret, 1),
            new Contact(secret, secret),
            new Location(1, 2, secret, secret),
            new Edit(KEY, new Text(secret), 0));
    for (MessageContent c : contents) {
      assertFalse(c.toString().contains(secret), c.getClass().getSimpleName());
    }
    assertFalse(media().toString().contains("mediaKey"));
  }
}
