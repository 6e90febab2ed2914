package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.wagateway.client.model.ApiKeyMode;
import dev.wagateway.client.model.Capability;
import dev.wagateway.client.model.CreateApiKeyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every capability against every operation, table-driven from the OpenAPI document: each
 * operation's {@code x-capability} names what it requires, the {@code Capability} schema says
 * {@code manage} includes {@code send} and {@code read} and {@code send} includes {@code read}. A
 * key holding only one capability is 403 exactly where that capability does not include the
 * required one.
 */
class CapabilityMatrixIT {
  /** What each capability includes, as the document's {@code Capability} schema states it. */
  private static final Map<String, Set<String>> INCLUDES =
      Map.of(
          "manage", Set.of("manage", "send", "read"),
          "send", Set.of("send", "read"),
          "read", Set.of("read"));

  private static TestServer t;
  private static final Map<Capability, String> KEYS = new EnumMap<>(Capability.class);

  @BeforeAll
  static void start() throws Exception {
    t = new TestServer();
    for (Capability c : Capability.values()) {
      KEYS.put(
          c,
          t.api()
              .createApiKey(new CreateApiKeyRequest("only-" + c, ApiKeyMode.LIVE, List.of(c), null))
              .secret());
    }
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  record Operation(String method, String path, String capability) {}

  @SuppressWarnings("unchecked")
  static List<Operation> operations() throws IOException {
    byte[] doc = GatewayServer.class.getResourceAsStream("openapi.json").readAllBytes();
    Map<String, Object> root =
        (Map<String, Object>)
            new Moshi.Builder()
                .build()
                .adapter(Object.class)
                .fromJson(new String(doc, StandardCharsets.UTF_8));
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas");
    String capabilityDoc =
        (String) ((Map<String, Object>) schemas.get("Capability")).get("description");
    assertTrue(capabilityDoc.contains("`send`: send messages (includes `read`)"), capabilityDoc);
    assertTrue(capabilityDoc.contains("(includes `send` and `read`)"), capabilityDoc);
    List<Operation> out = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) root.get("paths");
    for (Map.Entry<String, Object> path : paths.entrySet()) {
      for (Map.Entry<String, Object> op : ((Map<String, Object>) path.getValue()).entrySet()) {
        if (!(op.getValue() instanceof Map<?, ?> operation)
            || !operation.containsKey("operationId")) {
          continue;
        }
        if (Boolean.TRUE.equals(operation.get("x-demo-only"))) {
          continue; // served only by the demo server, checked in its own tests
        }
        List<?> security = (List<?>) operation.get("security");
        String capability = (String) operation.get("x-capability");
        if (security != null && security.isEmpty()) {
          assertEquals(null, capability, path.getKey() + " is public");
          continue;
        }
        assertTrue(
            capability != null && INCLUDES.containsKey(capability),
            op.getKey() + " " + path.getKey() + " names its capability: " + capability);
        out.add(
            new Operation(
                op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), capability));
      }
    }
    return out;
  }

  @Test
  void everyCapabilityAgainstEveryOperation() throws Exception {
    List<Operation> operations = operations();
    assertTrue(operations.size() >= 30, "operations read: " + operations.size());
    List<String> wrong = new ArrayList<>();
    for (Operation op : operations) {
      String path = op.path().replaceAll("\\{[^}]+}", "x_missing");
      for (Capability held : Capability.values()) {
        boolean allowed = INCLUDES.get(held.toString()).contains(op.capability());
        int status = status(op.method(), path, KEYS.get(held));
        if (allowed ? status == 403 : status != 403) {
          wrong.add(op.method() + " " + op.path() + " with " + held + ": " + status);
        }
        assertNotEquals(401, status, op + " " + held);
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** The status only: an event stream is closed once its headers arrive. */
  private static int status(String method, String path, String key) throws IOException {
    RequestBody body =
        method.equals("POST") || method.equals("PUT")
            ? RequestBody.create("{}", TestServer.JSON)
            : null;
    Request request =
        new Request.Builder()
            .url(t.url(path))
            .header("Authorization", "Bearer " + key)
            .method(method, body)
            .build();
    try (Response r = t.http.newCall(request).execute()) {
      return r.code();
    }
  }
}
