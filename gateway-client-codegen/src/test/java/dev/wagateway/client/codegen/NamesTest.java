package dev.wagateway.client.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void camelCase() {
    assertEquals("idempotencyKey", Names.camel("Idempotency-Key"));
    assertEquals("lastEventId", Names.camel("Last-Event-ID"));
    assertEquals("session", Names.camel("session"));
    assertEquals("phoneNumber", Names.camel("phoneNumber"));
    assertEquals("default_", Names.camel("default"));
    assertEquals("_1st", Names.camel("1st"));
  }

  @Test
  void pascalCase() {
    assertEquals("Kind", Names.pascal("kind"));
    assertEquals("Class", Names.pascal("class"));
  }

  @Test
  void constants() {
    assertEquals("QR_READY", Names.constant("qr_ready"));
    assertEquals("AUTH_PAIRING_CODE", Names.constant("auth.pairing_code"));
    assertEquals("EGRESS_NODE_STATUS", Names.constant("egress.node.status"));
    assertEquals("CAMEL_CASE", Names.constant("camelCase"));
    assertEquals("_2FA", Names.constant("2fa"));
  }

  @Test
  void literalsAndDocs() {
    assertEquals("\"a\\\"b\\\\c\\n\\u00e9\"", Names.literal("a\"b\\c\né"));
    assertEquals("x *&#47; &lt;b&gt; &#92;u0041 &#64;param", Names.doc("x */ <b> \\u0041 @param"));
  }
}
