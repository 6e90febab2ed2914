package dev.wagateway.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeJsonTest {

  @Test
  void readsAndWritesEveryContentKind() {
    String json =
        "{\"tag\":\"iq\",\"attrs\":{\"id\":\"1\",\"type\":\"get\",\"xmlns\":\"w:p\"},\"content\":["
            + "{\"tag\":\"ping\",\"attrs\":{},\"content\":null},"
            + "{\"tag\":\"enc\",\"attrs\":{\"v\":\"2\"},\"content\":{\"bytes\":\"00ff10\"}},"
            + "{\"tag\":\"body\",\"attrs\":{},\"content\":{\"string\":\"hi\"}},"
            + "{\"tag\":\"list\",\"attrs\":{},\"content\":[]}]}";
    BinaryNode node = NodeJson.fromJson(json);
    assertEquals("iq", node.tag());
    assertEquals(List.of("id", "type", "xmlns"), List.copyOf(node.attrs().keySet()));
    assertEquals(4, node.children().size());
    assertEquals(BinaryNode.ContentKind.NONE, node.child("ping").contentKind());
    assertArrayEquals(new byte[] {0, (byte) 0xFF, 0x10}, node.child("enc").bytes());
    assertEquals("hi", node.child("body").text());
    assertEquals(BinaryNode.ContentKind.LIST, node.child("list").contentKind());
    assertEquals(json, NodeJson.toJson(node));
    assertEquals(node, NodeJson.fromJson(NodeJson.toJson(node, "  ")));
    assertEquals(node, NodeJson.fromValue(NodeJson.toValue(node)));
  }

  @Test
  void nullAttributesAreLeftOutAsBaileysDoes() {
    assertEquals(
        BinaryNode.of("iq", Map.of("id", "1")),
        NodeJson.fromJson("{\"tag\":\"iq\",\"attrs\":{\"id\":\"1\",\"to\":null}}"));
  }

  @Test
  void attrsAndContentMayBeOmitted() {
    assertEquals(BinaryNode.of("ping"), NodeJson.fromJson("{\"tag\":\"ping\"}"));
    assertEquals(
        BinaryNode.of("iq", Map.of("id", "1")),
        NodeJson.fromJson("{\"tag\":\"iq\",\"attrs\":{\"id\":\"1\"}}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | {tag | invalid node JSON",
        "array | [] | at $: expected a node object",
        "no tag | {\"attrs\":{}} | at $.tag",
        "empty tag | {\"tag\":\"\"} | at $.tag",
        "numeric attr | {\"tag\":\"iq\",\"attrs\":{\"id\":1}} | at $.attrs.id",
        "attrs not object | {\"tag\":\"iq\",\"attrs\":[]} | at $.attrs",
        "bad hex | {\"tag\":\"enc\",\"content\":{\"bytes\":\"zz\"}} | at $.content.bytes",
        "odd hex | {\"tag\":\"enc\",\"content\":{\"bytes\":\"abc\"}} | at $.content.bytes",
        "content number | {\"tag\":\"iq\",\"content\":5} | at $.content",
        "content two keys | {\"tag\":\"iq\",\"content\":{\"string\":\"a\",\"bytes\":\"00\"}} | at"
            + " $.content",
        "unknown field | {\"tag\":\"iq\",\"children\":[]} | unknown node field",
        "bad child | {\"tag\":\"iq\",\"content\":[{\"tag\":\"a\"},{\"attrs\":{}}]} | at"
            + " $.content[1].tag",
        "duplicate key | {\"tag\":\"iq\",\"tag\":\"x\"} | invalid node JSON",
      })
  void rejectsMalformedJsonWithAPath(String name, String json, String message) {
    GatewayException.ValidationException e =
        assertThrows(GatewayException.ValidationException.class, () -> NodeJson.fromJson(json));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals("validation_error", e.code());
  }
}
