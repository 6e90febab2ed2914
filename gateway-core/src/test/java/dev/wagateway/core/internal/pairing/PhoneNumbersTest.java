package dev.wagateway.core.internal.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {
  @ParameterizedTest
  @CsvSource({
    "15550001234, 15550001234",
    "+1 555 000 1234, 15550001234",
    "+44 (20) 7946-0958, 442079460958",
    "49.30.901820, 4930901820",
    "5511987654321, 5511987654321",
    "919876543210, 919876543210",
  })
  void goodNumbersBecomeDigits(String input, String digits) {
    assertEquals(digits, PhoneNumbers.normalize(input));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0155500012345 | not with 0",
        "+1555abc1234 | only digits",
        "15550#01234 | only digits",
        "123456 | too short",
        "1234567890123456 | too long",
        "999123456789 | valid country code",
        "1555123 | too short for country code +1",
        "441234567890123 | too long for country code +44",
        "'   ' | missing",
        "+ | no digits",
      })
  void badNumbersAreRefusedWithAClearMessage(String input, String expectedPart) {
    ValidationException e =
        assertThrows(ValidationException.class, () -> PhoneNumbers.normalize(input));
    assertEquals("validation_error", e.code());
    assertTrue(e.getMessage().contains(expectedPart), () -> "message was: " + e.getMessage());
    String digits = input.replaceAll("[^0-9]", "");
    if (digits.length() > 3) {
      assertFalse(e.getMessage().contains(digits), "message must not repeat the number");
    }
  }

  @org.junit.jupiter.api.Test
  void nullIsRefused() {
    assertThrows(ValidationException.class, () -> PhoneNumbers.normalize(null));
  }
}
