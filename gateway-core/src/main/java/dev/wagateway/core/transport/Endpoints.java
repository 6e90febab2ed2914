package dev.wagateway.core.transport;

import java.util.HexFormat;

/**
 * Where the production WhatsApp multi-device service lives and the key its Noise certificates chain
 * up to (docs/protocol/transport.md §1.1 and §3.6). Tests and the simulator use their own URL and
 * root key instead.
 */
public final class Endpoints {
  /** The chat WebSocket endpoint. */
  public static final String PRODUCTION_URL = "wss://web.whatsapp.com/ws/chat";

  /** The {@code Origin} header the web client sends on the WebSocket upgrade. */
  public static final String ORIGIN = "https://web.whatsapp.com";

  /** WhatsApp's Noise certificate root public key (Curve25519, 32 bytes), as hex. */
  public static final String PRODUCTION_ROOT_KEY_HEX =
      "142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b";

  private Endpoints() {}

  /** WhatsApp's Noise certificate root public key, a fresh 32-byte copy. */
  public static byte[] productionRootKey() {
    return HexFormat.of().parseHex(PRODUCTION_ROOT_KEY_HEX);
  }
}
