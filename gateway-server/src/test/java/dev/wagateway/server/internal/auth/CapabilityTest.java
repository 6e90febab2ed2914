package dev.wagateway.server.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {
  @Test
  void manageIncludesSendAndReadAndSendIncludesRead() {
    String granted = "";
    for (Capability held : Capability.values()) {
      for (Capability needed : Capability.values()) {
        if (Capability.grants(Set.of(held), needed)) {
          granted += held.wireName() + ">" + needed.wireName() + " ";
        }
      }
    }
    assertEquals("manage>manage manage>send manage>read send>send send>read read>read ", granted);
    assertEquals(false, Capability.grants(Set.of(), Capability.READ));
  }
}
