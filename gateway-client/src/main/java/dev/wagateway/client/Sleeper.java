package dev.wagateway.client;

import java.time.Duration;

/** Waits between retries; replaced in tests to record the waits instead of sleeping. */
interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
