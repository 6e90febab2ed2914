package dev.wagateway.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock tests move by hand: {@link #set} and {@link #advance}. Safe to read from other
 * threads (sessions, schedulers) while a test moves it. Exported with the core test-jar.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** Starts at the real time, in whole milliseconds. */
  public MutableClock() {
    this(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void set(Instant at) {
    now = at;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }
}
