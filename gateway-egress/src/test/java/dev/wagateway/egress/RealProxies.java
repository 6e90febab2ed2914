package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real proxy servers started by {@code scripts/proxies.sh start}, named by system property or
 * environment variable ({@code WAGATEWAY_TEST_SOCKS5}, {@code WAGATEWAY_TEST_HTTP_PROXY}). Unset:
 * the test is skipped, except when {@code CI=true}, where it fails, so CI can't pass by skipping.
 */
final class RealProxies {
  static final String SOCKS5 = "WAGATEWAY_TEST_SOCKS5";
  static final String HTTP = "WAGATEWAY_TEST_HTTP_PROXY";

  private RealProxies() {}

  static ProxyEndpoint require(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    if (value == null || value.isBlank()) {
      String why = name + " is not set; run `bash scripts/proxies.sh start` and export its output";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but " + why);
      }
      assumeTrue(false, why);
    }
    return ProxyEndpoint.parse(value);
  }
}
