package dev.wagateway.testkit;

import dev.wagateway.buildcheck.ApiSurface;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's public API equals the committed {@code api/gateway-testkit.api}: the surface changes
 * only on purpose (rewrite the file with {@code -Dapi.update=true} and commit it).
 */
final class ApiBaselineTest {
  @Test
  void publicApiMatchesTheCommittedBaseline() {
    ApiSurface.check(Path.of("target/classes"), Path.of("api/gateway-testkit.api"));
  }
}
