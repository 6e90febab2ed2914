package dev.wagateway.server.internal.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.server.internal.webhook.TargetPolicy.RefusedTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which webhook URLs are accepted, at registration and again at delivery. */
class TargetPolicyTest {
  private final Map<String, String> dns = new HashMap<>();

  private TargetPolicy policy(boolean allowPrivate) {
    return new TargetPolicy(
        allowPrivate,
        host -> {
          String ip = dns.get(host);
          if (ip == null) {
            throw new UnknownHostException(host);
          }
          return new InetAddress[] {InetAddress.getByName(ip)};
        });
  }

  @Test
  void privateLinkLocalMetadataAndUniqueLocalAddressesArePrivate() throws Exception {
    for (String ip :
        new String[] {
          "10.1.2.3",
          "172.16.0.1",
          "172.31.255.255",
          "192.168.1.1",
          "127.0.0.1",
          "169.254.169.254",
          "169.254.1.1",
          "100.64.0.1",
          "0.0.0.0",
          "224.0.0.1",
          "255.255.255.255",
          "::1",
          "::",
          "fe80::1",
          "fd00::1",
          "fd00:ec2::254",
          "fc00::1",
          "::ffff:10.0.0.1"
        }) {
      assertTrue(TargetPolicy.isPrivate(InetAddress.getByName(ip)), ip);
    }
    for (String ip : new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111"}) {
      assertFalse(TargetPolicy.isPrivate(InetAddress.getByName(ip)), ip);
    }
  }

  @Test
  void registrationRefusesPrivateTargetsByDefault() {
    dns.put("internal.example", "10.0.0.5");
    dns.put("public.example", "93.184.216.34");
    TargetPolicy p = policy(false);
    for (String url :
        new String[] {
          "https://10.0.0.1/hook",
          "https://169.254.169.254/latest/meta-data",
          "https://[fd00::1]/hook",
          "https://[fe80::1]/hook",
          "https://internal.example/hook",
          "http://127.0.0.1:8080/hook",
          "http://localhost/hook"
        }) {
      assertThrows(RefusedTarget.class, () -> p.register(url), url);
    }
  }

  @Test
  void schemeRulesAndNormalisation() throws Exception {
    dns.put("public.example", "93.184.216.34");
    TargetPolicy strict = policy(false);
    assertEquals("https://public.example/h", strict.register("HTTPS://public.example/h"));
    assertEquals(
        "url must use https (plain http only for loopback)",
        assertThrows(RefusedTarget.class, () -> strict.register("http://public.example/h"))
            .getMessage());
    assertThrows(RefusedTarget.class, () -> strict.register("ftp://public.example/h"));
    assertThrows(RefusedTarget.class, () -> strict.register("https://u:p@public.example/h"));
    assertThrows(RefusedTarget.class, () -> strict.register("/relative"));
    // a name that does not resolve yet is accepted; delivery checks it again
    assertEquals("https://later.example/h", strict.register("https://later.example/h"));

    TargetPolicy open = policy(true);
    assertEquals("http://127.0.0.1:9/h", open.register("HTTP://127.0.0.1:9/h"));
    assertEquals("https://10.0.0.1/h", open.register("https://10.0.0.1/h"));
    assertThrows(RefusedTarget.class, () -> open.register("http://10.0.0.1/h"));
  }

  @Test
  void deliveryRechecksTheNameSoItCannotRebindToAPrivateAddress() throws Exception {
    TargetPolicy p = policy(false);
    dns.put("rebind.example", "93.184.216.34");
    String url = p.register("https://rebind.example/h");
    assertEquals("rebind.example", p.deliver(url).getHost());
    dns.put("rebind.example", "169.254.169.254");
    assertThrows(RefusedTarget.class, () -> p.deliver(url));
    dns.remove("rebind.example");
    assertEquals(
        "the webhook host does not resolve",
        assertThrows(RefusedTarget.class, () -> p.deliver(url)).getMessage());
  }
}
