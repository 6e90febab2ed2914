package dev.wagateway.core.internal.pairing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.wagateway.core.GatewayException.ValidationException;

/**
 * Checks the phone number of phone-code pairing (docs/protocol/pairing.md §4.0): international
 * format with the country code, no leading 0, more than 6 digits, and a plausible length for its
 * country according to libphonenumber. The error messages never repeat the number.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /**
   * The number as the digits the protocol uses (e.g. {@code 15551234567} for {@code +1 555 123
   * 4567}). Spaces, hyphens, dots, parentheses and one leading {@code +} are allowed and dropped.
   *
   * @throws ValidationException if the number is not a plausible international number
   */
  public static String normalize(String phone) {
    if (phone == null || phone.isBlank()) {
      throw new ValidationException("phone number is missing");
    }
    String s = phone.strip();
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (!(c == '+' && i == 0)
          && c != ' '
          && c != '-'
          && c != '.'
          && c != '('
          && c != ')') {
        throw new ValidationException(
            "phone number may contain only digits (and +, spaces, hyphens, dots, parentheses)");
      }
    }
    if (digits.isEmpty()) {
      throw new ValidationException("phone number has no digits");
    }
    if (digits.charAt(0) == '0') {
      throw new ValidationException(
          "phone number must be in international format, starting with the country code"
              + " (not with 0)");
    }
    if (digits.length() <= 6) {
      throw new ValidationException("phone number is too short (more than 6 digits needed)");
    }
    if (digits.length() > 15) {
      throw new ValidationException("phone number is too long (at most 15 digits, E.164)");
    }
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse("+" + digits, "ZZ");
    } catch (NumberParseException e) {
      if (e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE) {
        throw new ValidationException(
            "phone number must start with a valid country code (international format)");
      }
      throw new ValidationException("phone number is not a valid international number");
    }
    ValidationResult result = UTIL.isPossibleNumberWithReason(parsed);
    switch (result) {
      case IS_POSSIBLE:
        return digits.toString();
      case INVALID_COUNTRY_CODE:
        throw new ValidationException(
            "phone number must start with a valid country code (international format)");
      case TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY:
        throw new ValidationException(
            "phone number is too short for country code +" + parsed.getCountryCode());
      case TOO_LONG:
        throw new ValidationException(
            "phone number is too long for country code +" + parsed.getCountryCode());
      default:
        throw new ValidationException(
            "phone number has an invalid length for country code +" + parsed.getCountryCode());
    }
  }
}
