package dev.wagateway.server.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyTargetsTest {
  @Test
  void internalAddressesAreRecognisedAndPublicOnesAreNot() throws Exception {
    List<String> internal =
        List.of(
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fd00::1",
            "fc00::1",
            "fe80::1",
            "::ffff:10.0.0.1");
    for (String a : internal) {
      assertEquals(true, ProxyTargets.isInternal(InetAddress.getByName(a)), a);
    }
    for (String a : List.of("8.8.8.8", "100.128.0.1", "172.32.0.1", "2001:4860::8888")) {
      assertEquals(false, ProxyTargets.isInternal(InetAddress.getByName(a)), a);
    }
  }
}
