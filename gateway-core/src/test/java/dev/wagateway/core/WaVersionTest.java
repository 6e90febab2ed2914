package dev.wagateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import org.junit.jupiter.api.Test;

class WaVersionTest {
  @Test
  void parsesAndFormatsUnsigned() {
    WaVersion v = WaVersion.parse("2.3000.3000000000");
    assertEquals("2.3000.3000000000", v.format());
    assertEquals(v, WaVersion.parse(v.format()));
    assertEquals("2.3000.1045649367", WaVersion.DEFAULT.toString());
  }

  @Test
  void comparesPartByPartUnsigned() {
    WaVersion old = WaVersion.parse("2.3000.1035194821");
    WaVersion current = WaVersion.parse("2.3000.1045649367");
    assertTrue(current.isNewerThan(old));
    assertFalse(old.isNewerThan(current));
    assertFalse(current.isNewerThan(current));
    assertTrue(WaVersion.parse("2.3000.3000000000").isNewerThan(current), "unsigned tertiary");
    assertTrue(WaVersion.parse("3.0.0").isNewerThan(current));
  }

  @Test
  void badTextIsAValidationError() {
    for (String bad : new String[] {"2.3000", "2.x.1", "2.3000.1.4", "", "-2.3000.1"}) {
      ValidationException e = assertThrows(ValidationException.class, () -> WaVersion.parse(bad));
      assertTrue(e.getMessage().startsWith("version must look like"), e.getMessage());
    }
  }
}
