package dev.wagateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract test's validator rejects what does not fit, so a passing contract test means
 * something.
 */
class OpenApiValidatorTest {
  @Test
  void rejectsMissingUndocumentedWrongTypeAndEnum() throws Exception {
    OpenApiValidator v =
        new OpenApiValidator(
            GatewayServer.class.getResourceAsStream("openapi.json").readAllBytes());
    Map<String, Object> good =
        Map.of(
            "id",
            "s",
            "status",
            "stopped",
            "paired",
            false,
            "createdAt",
            "2026-01-01T00:00:00Z",
            "updatedAt",
            "2026-01-01T00:00:00Z");
    assertEquals(List.of(), v.validateResponse("GET", "/api/v1/sessions/{session}", 200, good));
    Map<String, Object> bad =
        Map.of(
            "id",
            "s",
            "status",
            "sleeping",
            "paired",
            "no",
            "extra",
            1,
            "createdAt",
            "yesterday",
            "updatedAt",
            "2026-01-01T00:00:00Z");
    List<String> errors = v.validateResponse("GET", "/api/v1/sessions/{session}", 200, bad);
    assertEquals(4, errors.size(), errors.toString());
    List<String> err =
        v.validateResponse(
            "GET", "/api/v1/sessions/{session}", 404, Map.of("code", "not_found", "message", "m"));
    assertTrue(err.contains("$: missing required error"), err.toString());
    assertEquals(
        List.of(),
        v.validateResponse(
            "GET", "/v1/senders/{senderId}", 404, Map.of("code", "not_found", "message", "m")));
  }
}
