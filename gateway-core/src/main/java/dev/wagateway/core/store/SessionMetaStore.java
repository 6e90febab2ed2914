package dev.wagateway.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Metadata of hosted sessions: who owns them, what the operator wants (started or stopped), what
 * they last reported, and through which egress they connect. No key material lives here.
 */
public interface SessionMetaStore {
  /**
   * Inserts a new session.
   *
   * @throws dev.wagateway.core.GatewayException.ValidationException when the id already exists
   */
  void create(StoredSession session);

  Optional<StoredSession> get(String id);

  /** The organisation's sessions, oldest first (then by id), skipping {@code offset}. */
  List<StoredSession> list(String orgId, int offset, int limit);

  /** Every session of every organisation, oldest first: what a node starts from. */
  List<StoredSession> listAll();

  /** How many sessions the organisation has. */
  int count(String orgId);

  /**
   * Replaces the stored session with the same id.
   *
   * @throws dev.wagateway.core.GatewayException.NotFoundException when no such session exists
   */
  void update(StoredSession session);

  /**
   * Removes the metadata row only; {@link GatewayStore#deleteSession} removes everything.
   *
   * @return whether a row was removed
   */
  boolean delete(String id);
}
