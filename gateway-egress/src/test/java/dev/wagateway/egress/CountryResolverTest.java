package dev.wagateway.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.GatewayException.ValidationException;
import org.junit.jupiter.api.Test;

class CountryResolverTest {
  @Test
  void derivesLowerCaseAlpha2() {
    assertEquals("de", CountryResolver.countryOf("+4915112345678"));
    assertEquals("br", CountryResolver.countryOf("+5511987654321"));
    assertEquals("in", CountryResolver.countryOf("+919876543210"));
    assertEquals("gb", CountryResolver.countryOf("+442071838750"));
    // Crown dependencies share +44 but are their own countries.
    assertEquals("gg", CountryResolver.countryOf("+447911123456"));
    assertEquals("ng", CountryResolver.countryOf("+2348031234567"));
  }

  @Test
  void sharedCountryCodesResolveByNumberRange() {
    assertEquals("us", CountryResolver.countryOf("+12125551234"));
    assertEquals("ca", CountryResolver.countryOf("+14165551234"));
    assertEquals("jm", CountryResolver.countryOf("+18765551234"));
    assertEquals("ru", CountryResolver.countryOf("+74951234567"));
    assertEquals("kz", CountryResolver.countryOf("+77011234567"));
  }

  @Test
  void acceptsBareDigitsAsInAWhatsAppUserId() {
    assertEquals("de", CountryResolver.countryOf("4915112345678"));
  }

  @Test
  void refusesWhatHasNoCountry() {
    for (String bad :
        new String[] {
          "",
          "+",
          "+49",
          "+0049151",
          "+49 151 1234",
          "+4915112345678901",
          "abc",
          "+80012345678",
          "+999123456789"
        }) {
      ValidationException e =
          assertThrows(ValidationException.class, () -> CountryResolver.countryOf(bad), bad);
      assertFalse(!bad.isEmpty() && bad.length() > 4 && e.getMessage().contains(bad.substring(1)));
    }
    assertThrows(ValidationException.class, () -> CountryResolver.countryOf(null));
  }
}
