package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryNodeTest {

  @Test
  void accessorsAndDefensiveCopies() {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("type", "set");
    attrs.put("id", "7");
    byte[] secret = {1, 2, 3};
    BinaryNode enc = BinaryNode.of("enc", attrs, secret);
    attrs.put("later", "x");
    secret[0] = 9;
    assertEquals(List.of("type", "id"), List.copyOf(enc.attrs().keySet()));
    assertArrayEquals(new byte[] {1, 2, 3}, enc.bytes());
    enc.bytes()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, enc.bytes());
    assertEquals("7", enc.attr("id"));
    assertNull(enc.attr("missing"));
    assertNull(enc.text());
    assertTrue(enc.children().isEmpty());
    assertThrows(RuntimeException.class, () -> enc.attrs().put("a", "b"));

    BinaryNode parent =
        BinaryNode.of(
            "iq",
            Map.of(),
            List.of(BinaryNode.of("a"), BinaryNode.of("b"), BinaryNode.of("a", Map.of("n", "2"))));
    assertEquals("a", parent.child("a").tag());
    assertEquals(2, parent.children("a").size());
    assertNull(parent.child("c"));
    assertThrows(RuntimeException.class, () -> parent.children().add(BinaryNode.of("x")));
  }

  @Test
  void equalityIsByValueAndIgnoresAttributeOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertEquals(BinaryNode.of("x", ab, new byte[] {5}), BinaryNode.of("x", ba, new byte[] {5}));
    assertEquals(
        BinaryNode.of("x", ab, new byte[] {5}).hashCode(),
        BinaryNode.of("x", ba, new byte[] {5}).hashCode());
    assertNotEquals(BinaryNode.of("x", ab, new byte[] {5}), BinaryNode.of("x", ab, new byte[] {6}));
    assertNotEquals(BinaryNode.of("x"), BinaryNode.of("x", Map.of(), List.of()));
    assertNotEquals(
        BinaryNode.ofText("x", Map.of(), "a"), BinaryNode.of("x", Map.of(), new byte[] {'a'}));
    assertEquals(new HashMap<>(ab), BinaryNode.of("x", ab).attrs());
  }

  @Test
  void toStringShowsByteLengthNotBytes() {
    BinaryNode node =
        BinaryNode.newBuilder("iq")
            .attr("id", "1")
            .child(BinaryNode.of("enc", Map.of("v", "2"), new byte[] {0x41, 0x42, 0x43}))
            .build();
    String s = node.toString();
    assertEquals("<iq id=\"1\"><enc v=\"2\">[3 bytes]</enc></iq>", s);
    assertFalse(s.contains("ABC"));
    String longText = "x".repeat(300);
    assertEquals(
        "<body>" + "x".repeat(128) + "...[300 chars]</body>",
        BinaryNode.ofText("body", Map.of(), longText).toString());
  }

  @Test
  void derivations() {
    BinaryNode base = BinaryNode.newBuilder("iq").attr("id", "1").attr("type", "get").build();
    BinaryNode replaced = base.withAttr("id", "2");
    assertEquals(List.of("id", "type"), List.copyOf(replaced.attrs().keySet()));
    assertEquals("2", replaced.attr("id"));
    assertEquals("1", base.attr("id"));
    assertEquals(
        List.of("id", "type", "to"),
        List.copyOf(base.withAttr("to", "@s.whatsapp.net").attrs().keySet()));
    assertEquals("hi", base.withText("hi").text());
    assertEquals(1, base.withChildren(List.of(BinaryNode.of("ping"))).children().size());
    assertEquals(BinaryNode.ContentKind.BYTES, base.withBytes(new byte[0]).contentKind());
    assertEquals(base, base.withText("x").withoutContent());
    assertEquals(base.withText("x"), base.withText("x").toBuilder().build());
    List<BinaryNode> many = new ArrayList<>();
    BinaryNode.Builder b = BinaryNode.newBuilder("list");
    for (int i = 0; i < 300; i++) {
      BinaryNode item = BinaryNode.of("item");
      many.add(item);
      b.child(item);
    }
    assertEquals(BinaryNode.of("list", Map.of(), many), b.build());
    assertEquals(
        "<iq to=\"@g.us\"/>",
        BinaryNode.newBuilder("iq").attr("to", Jid.GROUP_SERVER_JID).build().toString());
  }

  @Test
  void rejectsInvalidParts() {
    assertThrows(GatewayException.ValidationException.class, () -> BinaryNode.of(""));
    assertThrows(GatewayException.ValidationException.class, () -> BinaryNode.of(null));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThrows(GatewayException.ValidationException.class, () -> BinaryNode.of("x", withNull));
    List<BinaryNode> nullChild = new ArrayList<>();
    nullChild.add(null);
    assertThrows(
        GatewayException.ValidationException.class, () -> BinaryNode.of("x", Map.of(), nullChild));
  }
}
