package dev.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code wagateway serve}: refuses to start without an admin key (exit 2, one line). */
class ServeCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        WagatewayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void refusesToStartWithoutAdminKey() throws Exception {
    assumeTrue(System.getenv("WAGATEWAY_ADMIN_KEY") == null, "the environment sets an admin key");
    Path dir = Files.createTempDirectory("wagateway-serve");
    Path config = dir.resolve("wagateway.properties");
    Files.writeString(config, "http.host=127.0.0.1\n");
    Run r =
        run(
            "serve",
            "--port",
            "0",
            "--data",
            dir.resolve("data").toString(),
            "--config",
            config.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("wagateway: no admin key"), r.err());
    assertTrue(r.err().contains("WAGATEWAY_ADMIN_KEY"), r.err());
    assertEquals(1, r.err().strip().lines().count());
    assertTrue(Files.notExists(dir.resolve("data").resolve("wagateway.db")));
  }

  @Test
  void shortKeyInTheConfigFileIsRefusedToo() throws Exception {
    assumeTrue(System.getenv("WAGATEWAY_ADMIN_KEY") == null, "the environment sets an admin key");
    Path dir = Files.createTempDirectory("wagateway-serve");
    Path config = dir.resolve("wagateway.properties");
    Files.writeString(config, "auth.adminKey=short\n");
    Run r = run("serve", "--port", "0", "--data", dir.toString(), "--config", config.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("at least 16"), r.err());
  }

  @Test
  void helpDocumentsTheDemo() {
    Run r = run("serve", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--demo"));
    assertTrue(r.out().contains("/demo/phone/scan"));
    assertTrue(r.out().contains("WAGATEWAY_ADMIN_KEY"));
  }
}
