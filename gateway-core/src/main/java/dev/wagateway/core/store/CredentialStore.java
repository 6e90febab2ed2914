package dev.wagateway.core.store;

import java.util.Optional;

/** The device's own credentials: created once, persisted before their first use. */
public interface CredentialStore {
  Optional<DeviceCredentials> load();

  /** Inserts or replaces the credentials. */
  void save(DeviceCredentials credentials);

  void clear();
}
