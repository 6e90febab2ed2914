package dev.wagateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void wireNamesAreUniqueLowerSnakeCaseAndParseBack() {
    Set<String> seen = new HashSet<>();
    for (ErrorCode code : ErrorCode.values()) {
      String wire = code.wireName();
      assertTrue(seen.add(wire), "duplicate wire name " + wire);
      assertTrue(wire.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), wire);
      assertEquals(Optional.of(code), ErrorCode.fromWireName(wire));
    }
    assertEquals(Optional.empty(), ErrorCode.fromWireName("Validation_Error"));
    assertEquals(Optional.empty(), ErrorCode.fromWireName(null));
  }

  @Test
  void exceptionsCarryTheTypedCodeAndItsWireName() {
    GatewayException e = new GatewayException(ErrorCode.NOT_CONNECTED, "down");
    assertSame(ErrorCode.NOT_CONNECTED, e.errorCode());
    assertEquals("not_connected", e.code());
    assertEquals("down", e.getMessage());

    assertEquals("validation_error", new GatewayException.ValidationException("x").code());
    assertSame(ErrorCode.NOT_FOUND, new GatewayException.NotFoundException("x").errorCode());
    assertSame(
        ErrorCode.EGRESS_UNAVAILABLE,
        new GatewayException.EgressUnavailableException("x", null).errorCode());
    assertSame(ErrorCode.STORE_ERROR, new GatewayException.StoreException("x", null).errorCode());
    assertEquals("bad_mac", new GatewayException.CryptoException(ErrorCode.BAD_MAC, "x").code());
  }

  @Test
  void numberedCodesKeepTheServersNumber() {
    GatewayException e = GatewayException.numbered(ErrorCode.IQ_ERROR, 404, "refused");
    assertSame(ErrorCode.IQ_ERROR, e.errorCode());
    assertEquals("iq_error_404", e.code());
    assertEquals("server_error_479", ErrorCode.SERVER_ERROR.wireName(479));
  }
}
