package dev.wagateway.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionConfigTest {
  private static final Egress LOOPBACK = LoopbackOnlyEgress.instance();

  @Test
  void defaultsAreWhatWhatsAppWebUses() {
    ConnectionConfig config = ConnectionConfig.builder().egress(LOOPBACK).build();

    assertEquals("wss://web.whatsapp.com/ws/chat", config.endpoint().toString());
    assertEquals(
        "142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b",
        HexFormat.of().formatHex(config.trustedRootPublicKey()));
    assertEquals(
        Map.of(
            "Origin", "https://web.whatsapp.com",
            "Cache-Control", "no-cache",
            "Pragma", "no-cache"),
        config.headers());
    assertEquals(
        List.of("Origin", "Cache-Control", "Pragma"), List.copyOf(config.headers().keySet()));
    assertEquals(Duration.ofSeconds(20), config.handshakeTimeout());
    assertSame(LOOPBACK, config.egress());
    assertTrue(config.callbackExecutor().isEmpty());
  }

  @Test
  void aCallbackExecutorIsKeptByNewBuilder() {
    java.util.concurrent.Executor serial = Runnable::run;
    ConnectionConfig config =
        ConnectionConfig.builder().egress(LOOPBACK).callbackExecutor(serial).build();
    assertSame(serial, config.callbackExecutor().orElseThrow());
    assertSame(serial, config.newBuilder().build().callbackExecutor().orElseThrow());
  }

  @Test
  void refusesToBuildWithoutAnEgress() {
    ValidationException e =
        assertThrows(ValidationException.class, () -> ConnectionConfig.builder().build());
    assertEquals("validation_error", e.code());
    assertTrue(e.getMessage().contains("Egress is required"), e.getMessage());
  }

  @Test
  void rejectsBadValues() {
    ConnectionConfig.Builder builder = ConnectionConfig.builder();
    assertThrows(ValidationException.class, () -> builder.endpoint("https://web.whatsapp.com/"));
    assertThrows(ValidationException.class, () -> builder.endpoint("ws:///ws/chat"));
    assertThrows(ValidationException.class, () -> builder.trustedRootPublicKey(new byte[31]));
    assertThrows(ValidationException.class, () -> builder.handshakeTimeout(Duration.ZERO));
    assertThrows(ValidationException.class, () -> builder.header("Bad:Name", "x"));
    assertThrows(ValidationException.class, () -> builder.maxPendingCallbacks(0));
  }

  @Test
  void headersReplaceCaseInsensitivelyAndNewBuilderCopies() {
    ConnectionConfig config =
        ConnectionConfig.builder()
            .egress(LOOPBACK)
            .header("origin", "https://example.test")
            .header("User-Agent", "Mozilla/5.0")
            .removeHeader("PRAGMA")
            .build();
    assertEquals(
        List.of("Cache-Control", "origin", "User-Agent"), List.copyOf(config.headers().keySet()));
    assertEquals("https://example.test", config.headers().get("origin"));

    ConnectionConfig derived = config.newBuilder().endpoint("ws://127.0.0.1:9/ws/chat").build();
    assertEquals("ws://127.0.0.1:9/ws/chat", derived.endpoint().toString());
    assertEquals(config.headers(), derived.headers());
    assertSame(config.egress(), derived.egress());
    assertEquals("wss://web.whatsapp.com/ws/chat", config.endpoint().toString());
  }

  @Test
  void rootKeyIsCopiedInAndOut() {
    byte[] root = new byte[32];
    root[0] = 9;
    ConnectionConfig config =
        ConnectionConfig.builder().egress(LOOPBACK).trustedRootPublicKey(root).build();
    root[0] = 1;
    byte[] out = config.trustedRootPublicKey();
    assertEquals(9, out[0]);
    out[0] = 2;
    assertEquals(9, config.trustedRootPublicKey()[0]);
    assertNotSame(config.trustedRootPublicKey(), config.trustedRootPublicKey());
  }
}
