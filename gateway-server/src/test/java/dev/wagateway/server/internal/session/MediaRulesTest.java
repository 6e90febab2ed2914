package dev.wagateway.server.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wagateway.core.message.MediaUpload;
import org.junit.jupiter.api.Test;

class MediaRulesTest {
  @Test
  void limitsAreTheDocumentedOnes() {
    assertEquals(16L * 1024 * 1024, MediaRules.limitBytes("image"));
    assertEquals(500L * 1024, MediaRules.limitBytes("sticker"));
    assertEquals(100L * 1024 * 1024, MediaRules.limitBytes("video"));
    assertEquals(100L * 1024 * 1024, MediaRules.limitBytes("audio"));
    assertEquals(100L * 1024 * 1024, MediaRules.limitBytes("document"));
  }

  @Test
  void mimeTypesMustFitTheMessageType() {
    assertNull(MediaRules.mismatch("image", "image/jpeg", false));
    assertNull(MediaRules.mismatch("image", "IMAGE/PNG; charset=x", false));
    assertEquals(
        "image needs an image/* MIME type", MediaRules.mismatch("image", "video/mp4", false));
    assertNull(MediaRules.mismatch("sticker", "image/webp", false));
    assertEquals("a sticker needs image/webp", MediaRules.mismatch("sticker", "image/png", false));
    assertNull(MediaRules.mismatch("audio", "audio/mpeg", false));
    assertEquals(
        "a voice note needs audio/ogg; codecs=opus",
        MediaRules.mismatch("audio", "audio/mpeg", true));
    assertNull(MediaRules.mismatch("audio", "audio/ogg; codecs=opus", true));
    assertNull(MediaRules.mismatch("document", "application/pdf", false));
    assertEquals(
        "a MIME type such as image/jpeg is required",
        MediaRules.mismatch("document", "pdf", false));
    assertEquals(
        "a MIME type such as image/jpeg is required", MediaRules.mismatch("video", null, false));
  }

  @Test
  void normalizedKeepsParametersAndKindsMapOneToOne() {
    assertEquals("audio/ogg; codecs=opus", MediaRules.normalized(" Audio/OGG ;codecs=opus "));
    assertEquals("application/json", MediaRules.essence("application/json; charset=utf-8"));
    assertEquals(MediaUpload.Kind.STICKER, MediaRules.kind("sticker"));
    assertNull(MediaRules.kind("text"));
  }
}
