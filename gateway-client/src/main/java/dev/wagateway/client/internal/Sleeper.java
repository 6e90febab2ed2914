package dev.wagateway.client.internal;

import java.time.Duration;

/** Waits between retries; replaced in tests to record the waits instead of sleeping. */
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
