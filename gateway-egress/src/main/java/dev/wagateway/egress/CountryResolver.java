package dev.wagateway.egress;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Locale;

/**
 * Derives the country of a phone number: ISO 3166 alpha-2, lower case ({@code "de"}, {@code "br"}).
 * Uses libphonenumber's metadata, so numbering plans shared by several countries resolve by number
 * range ({@code +1 416...} is {@code ca}, {@code +1 212...} is {@code us}).
 *
 * <p>Accepts E.164 with or without the leading {@code +} (a WhatsApp user id is the bare digits).
 * Numbers without a country (non-geographic codes such as +800) are refused.
 */
public final class CountryResolver {
  private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

  private CountryResolver() {}

  /**
   * @throws ValidationException when the number is malformed or belongs to no country; the message
   *     does not repeat the number
   */
  public static String countryOf(String phoneNumber) {
    if (phoneNumber == null) {
      throw new ValidationException("phone number is missing");
    }
    String digits = phoneNumber.startsWith("+") ? phoneNumber.substring(1) : phoneNumber;
    if (digits.length() < 4
        || digits.length() > 15
        || !digits.chars().allMatch(Character::isDigit)
        || digits.charAt(0) == '0') {
      throw new ValidationException("phone number must be E.164: + and 4-15 digits");
    }
    PhoneNumber number;
    try {
      number = PHONE.parse("+" + digits, "ZZ");
    } catch (NumberParseException e) {
      throw new ValidationException("phone number is not a valid E.164 number");
    }
    String region = PHONE.getRegionCodeForNumber(number);
    if (region == null || region.equals("ZZ") || region.equals("001")) {
      throw new ValidationException("can't derive a country from this phone number");
    }
    return region.toLowerCase(Locale.ROOT);
  }
}
