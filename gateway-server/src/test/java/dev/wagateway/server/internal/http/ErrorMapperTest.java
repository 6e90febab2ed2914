package dev.wagateway.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException;
import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.error.Family;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  /** The library codes with an answer of their own; every other code is a 500. */
  private static final Map<ErrorCode, ApiError> SPECIFIC = new EnumMap<>(ErrorCode.class);

  static {
    SPECIFIC.put(ErrorCode.VALIDATION_ERROR, ApiError.VALIDATION_ERROR);
    SPECIFIC.put(ErrorCode.NOT_FOUND, ApiError.NOT_FOUND);
    SPECIFIC.put(ErrorCode.CONFLICT, ApiError.CONFLICT);
    SPECIFIC.put(ErrorCode.NOT_CONNECTED, ApiError.CONFLICT);
    SPECIFIC.put(ErrorCode.NOT_PAIRED, ApiError.CONFLICT);
    SPECIFIC.put(ErrorCode.NO_DEVICES, ApiError.VALIDATION_ERROR);
    SPECIFIC.put(ErrorCode.EGRESS_UNAVAILABLE, ApiError.EGRESS_UNAVAILABLE);
    SPECIFIC.put(ErrorCode.SERVICE_UNAVAILABLE, ApiError.SERVICE_UNAVAILABLE);
    SPECIFIC.put(ErrorCode.QUEUE_FULL, ApiError.QUEUE_FULL);
  }

  /** Answered before any operation is matched, so no operation documents it. */
  private static final Set<ApiError> UNDOCUMENTED = Set.of();

  /** Only the WhatsApp Alternative family answers it; documented there. */
  private static final Set<ApiError> ALT_ONLY = Set.of(ApiError.TEST_MODE_UNSUPPORTED);

  @Test
  void everyLibraryCodeHasAnAnswer() {
    for (ErrorCode code : ErrorCode.values()) {
      ApiException api = ErrorMapper.toApi(new GatewayException(code, "what happened"));
      assertNotNull(api, code.name());
      ApiError expected = SPECIFIC.getOrDefault(code, ApiError.INTERNAL_ERROR);
      assertSame(expected, api.error(), code.name());
      assertEquals(expected.status(), api.status(), code.name());
      if (expected == ApiError.INTERNAL_ERROR) {
        assertEquals("internal error (" + code.wireName() + ")", api.getMessage());
        assertEquals(Map.of(), api.details());
        assertEquals(0, api.retryAfterSeconds());
      }
    }
  }

  @Test
  void answersKeepTheirStatusDetailsAndRetryAfter() {
    ApiException notPaired =
        ErrorMapper.toApi(new GatewayException(ErrorCode.NOT_PAIRED, "the session is not paired"));
    assertEquals(409, notPaired.status());
    assertEquals(Map.of("reason", "not_paired"), notPaired.details());

    ApiException noDevices = ErrorMapper.toApi(new GatewayException(ErrorCode.NO_DEVICES, "x"));
    assertEquals(400, noDevices.status());
    assertEquals("the recipient has no WhatsApp device to send to", noDevices.getMessage());
    assertEquals(Map.of("field", "to", "reason", "recipient_not_on_whatsapp"), noDevices.details());

    ApiException egress =
        ErrorMapper.toApi(new GatewayException.EgressUnavailableException("no proxy", null));
    assertEquals(503, egress.status());
    assertEquals(30, egress.retryAfterSeconds());

    ApiException busy =
        ErrorMapper.toApi(new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "busy"));
    assertEquals(503, busy.status());
    assertEquals(5, busy.retryAfterSeconds());

    ApiException full =
        ErrorMapper.toApi(new GatewayException(ErrorCode.QUEUE_FULL, "the queue is full"));
    assertEquals(429, full.status());
    assertEquals(1, full.retryAfterSeconds());
    assertEquals(
        "{\"error\":{\"code\":\"queue_full\",\"message\":\"the queue is full\","
            + "\"details\":{}}}",
        Json.write(ErrorMapper.body(Family.GATEWAY, full)));
    assertEquals("rate_limited", ApiError.QUEUE_FULL.wireName(Family.ALT));

    ApiException numbered =
        ErrorMapper.toApi(GatewayException.numbered(ErrorCode.IQ_ERROR, 406, "refused"));
    assertEquals(500, numbered.status());
    assertEquals("internal error (iq_error_406)", numbered.getMessage());

    ApiException unexpected = ErrorMapper.toApi(new IllegalStateException("secret detail"));
    assertEquals(500, unexpected.status());
    assertEquals("internal error", unexpected.getMessage());

    ApiException api = ApiException.notFound("gone");
    assertSame(api, ErrorMapper.toApi(api));
  }

  @Test
  void bodiesHaveTheFamilysShapeAndBytes() {
    ApiException notFound =
        ErrorMapper.toApi(new GatewayException.NotFoundException("no session sess_1"));
    assertEquals(
        "{\"error\":{\"code\":\"not_found\",\"message\":\"no session sess_1\",\"details\":{}}}",
        Json.write(ErrorMapper.body(Family.GATEWAY, notFound)));
    assertEquals(
        "{\"code\":\"not_found\",\"message\":\"no session sess_1\",\"details\":{}}",
        Json.write(ErrorMapper.body(Family.ALT, notFound)));

    ApiException invalid = ApiException.validation("phone", "Phone number is invalid");
    assertEquals(
        "{\"error\":{\"code\":\"validation_error\",\"message\":\"Phone number is invalid\","
            + "\"details\":{\"field\":\"phone\"}}}",
        Json.write(ErrorMapper.body(Family.GATEWAY, invalid)));
    assertEquals(
        "{\"code\":\"invalid_request\",\"message\":\"Phone number is invalid\","
            + "\"details\":{\"field\":\"phone\"}}",
        Json.write(ErrorMapper.body(Family.ALT, invalid)));

    ApiException silent = new ApiException(ApiError.FORBIDDEN, null, null);
    assertEquals(
        "{\"error\":{\"code\":\"forbidden\",\"message\":\"forbidden\",\"details\":{}}}",
        Json.write(ErrorMapper.body(Family.GATEWAY, silent)));
  }

  @Test
  void apiWireNamesAreUniquePerFamily() {
    for (Family family : Family.values()) {
      Set<String> seen = new HashSet<>();
      for (ApiError error : ApiError.values()) {
        if (family == Family.ALT && error == ApiError.QUEUE_FULL) {
          // the Zavu family knows no queue_full: a full send queue is its rate_limited, on purpose
          assertEquals(ApiError.RATE_LIMITED.wireName(family), error.wireName(family));
          continue;
        }
        assertTrue(seen.add(error.wireName(family)), family + " " + error.wireName(family));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void gatewayCodesAreTheOnesTheOpenApiDocumentDocuments() throws IOException {
    Map<String, Object> schemas = schemas();
    Map<String, Object> errorCode = (Map<String, Object>) schemas.get("ErrorCode");
    Set<String> documented = new HashSet<>((List<String>) errorCode.get("enum"));
    Map<String, Integer> statuses = statuses((String) errorCode.get("description"));
    assertEquals(documented, statuses.keySet(), "every enum value is described with its status");

    Set<String> answered = new HashSet<>();
    for (ApiError error : ApiError.values()) {
      if (UNDOCUMENTED.contains(error) || ALT_ONLY.contains(error)) {
        continue;
      }
      answered.add(error.wireName(Family.GATEWAY));
      assertEquals(
          statuses.get(error.wireName()), error.status(), error.wireName() + " documented status");
    }
    assertEquals(documented, answered);
  }

  @Test
  @SuppressWarnings("unchecked")
  void altCodesAreTheOnesTheOpenApiDocumentDocuments() throws IOException {
    Map<String, Object> error = (Map<String, Object>) schemas().get("Error");
    Map<String, Object> code =
        (Map<String, Object>) ((Map<String, Object>) error.get("properties")).get("code");
    Map<String, Integer> documented = statuses((String) code.get("description"));
    assertTrue(documented.containsKey("invalid_request"), documented.toString());
    Map<String, ApiError> byAltName = new HashMap<>();
    for (ApiError e : ApiError.values()) {
      byAltName.put(e.wireName(Family.ALT), e);
    }
    documented.forEach(
        (name, status) -> {
          ApiError e = byAltName.get(name);
          assertNotNull(e, name + " is documented but not an ApiError");
          assertEquals(status, e.status(), name);
        });
    for (ApiError e : ALT_ONLY) {
      assertTrue(documented.containsKey(e.wireName(Family.ALT)), e.name());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemas() throws IOException {
    try (InputStream in =
        ErrorMapperTest.class.getResourceAsStream("/dev/wagateway/server/openapi.json")) {
      assertNotNull(in, "openapi.json on the class path");
      Map<String, Object> doc = Json.readObject(in.readAllBytes());
      return (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
    }
  }

  /** {@code `code` (400)} pairs of a description. */
  private static Map<String, Integer> statuses(String description) {
    Map<String, Integer> out = new HashMap<>();
    Matcher m = Pattern.compile("`([a-z_]+)` \\((\\d{3})").matcher(description);
    while (m.find()) {
      out.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return out;
  }
}
