package dev.wagateway.core;

/** What the operator wants the session to be. */
public enum DesiredState {
  STARTED,
  STOPPED
}
