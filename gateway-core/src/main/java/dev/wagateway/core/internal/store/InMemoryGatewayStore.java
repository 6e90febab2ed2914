package dev.wagateway.core.internal.store;

import dev.wagateway.core.GatewayException.NotFoundException;
import dev.wagateway.core.GatewayException.StoreException;
import dev.wagateway.core.GatewayException.ValidationException;
import dev.wagateway.core.MessageStatus;
import dev.wagateway.core.ReceivedMessage;
import dev.wagateway.core.SentMessage;
import dev.wagateway.core.store.AppStateKeyStore;
import dev.wagateway.core.store.CredentialStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.IdentityStore;
import dev.wagateway.core.store.MessageJournalStore;
import dev.wagateway.core.store.PreKeyStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.store.ReceivedMessageStore;
import dev.wagateway.core.store.SenderKeyStore;
import dev.wagateway.core.store.SentMessageStore;
import dev.wagateway.core.store.SessionMetaStore;
import dev.wagateway.core.store.SignalSessionStore;
import dev.wagateway.core.store.StoredSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link GatewayStore} in memory, for tests and for embedding without persistence. It keeps the
 * same transaction semantics as the SQL stores: writes made inside {@link #inTransaction} become
 * visible to other threads only on commit and are discarded when the work throws; outside a
 * transaction each call commits by itself. Thread-safe: one writer at a time (like SQLite), readers
 * never block and always see committed data.
 *
 * <p>Published state is never mutated: a write copies the session's data, changes the copy and
 * swaps it in on commit.
 */
public final class InMemoryGatewayStore implements GatewayStore {
  private static final long LOCK_TIMEOUT_SECONDS = 30;
  private static final Comparator<StoredSession> OLDEST_FIRST =
      Comparator.comparingLong(StoredSession::createdAt).thenComparing(StoredSession::id);

  private final ConcurrentHashMap<String, DeviceData> devices = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SentKey, SentMessage> sent = new ConcurrentHashMap<>();

  /** The send queue's payloads by message, in the order they were accepted. */
  private final ConcurrentHashMap<SentKey, Long> queueOrder = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<SentKey, byte[]> queuePayloads = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong queueSeq =
      new java.util.concurrent.atomic.AtomicLong();
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private final SessionMetaStore sessionMeta = new MemorySessionMeta();
  private volatile boolean closed;

  public InMemoryGatewayStore() {}

  @Override
  public DeviceStore device(String sessionId) {
    return new MemoryDevice(Checks.sessionId(sessionId));
  }

  @Override
  public <T> T inTransaction(String sessionId, TransactionWork<T> work) {
    Checks.sessionId(sessionId);
    Checks.present(work, "work");
    return transaction(tx -> work.run(new MemoryDevice(sessionId)));
  }

  @Override
  public void deleteDevice(String sessionId) {
    Checks.sessionId(sessionId);
    transaction(tx -> tx.devices.put(sessionId, new DeviceData()));
  }

  @Override
  public SessionMetaStore sessionMeta() {
    return sessionMeta;
  }

  @Override
  public void deleteSession(String sessionId) {
    Checks.sessionId(sessionId);
    transaction(
        tx -> {
          tx.devices.put(sessionId, new DeviceData());
          tx.sessions.put(sessionId, null);
          tx.deletedSentOf.add(sessionId);
          return null;
        });
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryGatewayStore[sessions=" + sessions.size() + ", devices=" + devices.size() + "]";
  }

  // ---- transaction machinery ----

  /** Runs {@code body} in the thread's transaction, or in a new one that commits on return. */
  private <T> T transaction(Function<Tx, T> body) {
    ensureOpen();
    Tx joined = current.get();
    if (joined != null) {
      try {
        return body.apply(joined);
      } catch (RuntimeException | Error e) {
        joined.rollbackOnly = true;
        throw e;
      }
    }
    lockForWrite();
    Tx tx = new Tx();
    current.set(tx);
    try {
      T result = body.apply(tx);
      if (tx.rollbackOnly) {
        throw new StoreException("transaction rolled back: nested work failed", null);
      }
      ensureOpen();
      commit(tx);
      return result;
    } finally {
      current.remove();
      writeLock.unlock();
    }
  }

  private void lockForWrite() {
    try {
      if (!writeLock.tryLock(LOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new StoreException("timed out waiting for the store's write lock", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the store's write lock", e);
    }
  }

  private void commit(Tx tx) {
    tx.devices.forEach(
        (id, data) -> {
          if (data.isEmpty()) {
            devices.remove(id);
          } else {
            devices.put(id, data);
          }
        });
    tx.sessions.forEach(
        (id, session) -> {
          if (session == null) {
            sessions.remove(id);
          } else {
            sessions.put(id, session);
          }
        });
    sent.keySet().removeIf(k -> tx.deletedSentOf.contains(k.sessionId()));
    tx.sent.forEach(
        (key, message) -> {
          if (message == null) {
            sent.remove(key);
          } else {
            sent.put(key, message);
          }
        });
  }

  private Optional<SentMessage> readSent(SentKey key) {
    ensureOpen();
    Tx tx = current.get();
    if (tx != null) {
      if (tx.sent.containsKey(key)) {
        return Optional.ofNullable(tx.sent.get(key));
      }
      if (tx.deletedSentOf.contains(key.sessionId())) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(sent.get(key));
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed", null);
    }
  }

  /** Committed or in-transaction data of one session, for reading. */
  private DeviceData readDevice(String sessionId) {
    ensureOpen();
    Tx tx = current.get();
    if (tx != null && tx.devices.containsKey(sessionId)) {
      return tx.devices.get(sessionId);
    }
    DeviceData data = devices.get(sessionId);
    return data != null ? data : DeviceData.EMPTY;
  }

  private <T> T readDevice(String sessionId, Function<DeviceData, T> read) {
    return read.apply(readDevice(sessionId));
  }

  private <T> T writeDevice(String sessionId, Function<DeviceData, T> write) {
    return transaction(
        tx -> {
          DeviceData data = tx.devices.get(sessionId);
          if (data == null) {
            DeviceData base = devices.get(sessionId);
            data = base != null ? base.copy() : new DeviceData();
            tx.devices.put(sessionId, data);
          }
          return write.apply(data);
        });
  }

  private Optional<StoredSession> readSession(String id) {
    ensureOpen();
    Tx tx = current.get();
    if (tx != null && tx.sessions.containsKey(id)) {
      return Optional.ofNullable(tx.sessions.get(id));
    }
    return Optional.ofNullable(sessions.get(id));
  }

  private List<StoredSession> allSessions() {
    ensureOpen();
    Map<String, StoredSession> view = new HashMap<>(sessions);
    Tx tx = current.get();
    if (tx != null) {
      tx.sessions.forEach(
          (id, session) -> {
            if (session == null) {
              view.remove(id);
            } else {
              view.put(id, session);
            }
          });
    }
    List<StoredSession> out = new ArrayList<>(view.values());
    out.sort(OLDEST_FIRST);
    return out;
  }

  /** Pending writes of one transaction: copied session data, and metadata (null = deleted). */
  private static final class Tx {
    final Map<String, DeviceData> devices = new LinkedHashMap<>();
    final Map<String, StoredSession> sessions = new LinkedHashMap<>();
    final Map<SentKey, SentMessage> sent = new LinkedHashMap<>();
    final java.util.Set<String> deletedSentOf = new java.util.HashSet<>();
    boolean rollbackOnly;
  }

  /** All key material of one session. Never mutated once published. */
  private static final class DeviceData {
    static final DeviceData EMPTY = new DeviceData();

    DeviceCredentials credentials;
    final Map<String, byte[]> identities = new HashMap<>();
    final TreeMap<Integer, PreKeyRow> preKeys = new TreeMap<>();
    int maxPreKeyId;
    final Map<String, byte[]> signalSessions = new HashMap<>();
    final Map<SenderKeyId, byte[]> senderKeys = new HashMap<>();
    final Map<String, byte[]> appStateKeys = new HashMap<>();
    final Map<String, JournalEntry> journal = new HashMap<>();
    final Map<ReceivedKey, ReceivedMessage> received = new HashMap<>();

    DeviceData copy() {
      DeviceData c = new DeviceData();
      c.credentials = credentials;
      c.identities.putAll(identities);
      c.preKeys.putAll(preKeys);
      c.maxPreKeyId = maxPreKeyId;
      c.signalSessions.putAll(signalSessions);
      c.senderKeys.putAll(senderKeys);
      c.appStateKeys.putAll(appStateKeys);
      c.journal.putAll(journal);
      c.received.putAll(received);
      return c;
    }

    boolean isEmpty() {
      return credentials == null
          && identities.isEmpty()
          && preKeys.isEmpty()
          && maxPreKeyId == 0
          && signalSessions.isEmpty()
          && senderKeys.isEmpty()
          && appStateKeys.isEmpty()
          && journal.isEmpty()
          && received.isEmpty();
    }
  }

  private record PreKeyRow(PreKey preKey, boolean uploaded) {}

  private record JournalEntry(byte[] plaintext, long recordedAt) {}

  private record SentKey(String sessionId, String messageId) {}

  private record ReceivedKey(String chat, String messageId) {}

  private record SenderKeyId(String groupId, String senderAddress) {}

  private static byte[] copyOf(byte[] bytes) {
    return bytes == null ? null : bytes.clone();
  }

  // ---- narrow stores ----

  private final class MemoryDevice implements DeviceStore {
    private final String sessionId;

    MemoryDevice(String sessionId) {
      this.sessionId = sessionId;
    }

    @Override
    public String sessionId() {
      return sessionId;
    }

    @Override
    public CredentialStore credentials() {
      return new CredentialStore() {
        @Override
        public Optional<DeviceCredentials> load() {
          return readDevice(sessionId, d -> Optional.ofNullable(d.credentials));
        }

        @Override
        public void save(DeviceCredentials credentials) {
          Checks.present(credentials, "credentials");
          writeDevice(sessionId, d -> d.credentials = credentials);
        }

        @Override
        public void clear() {
          writeDevice(sessionId, d -> d.credentials = null);
        }
      };
    }

    @Override
    public IdentityStore identities() {
      return new IdentityStore() {
        @Override
        public Optional<byte[]> get(String address) {
          Checks.text(address, "address");
          return readDevice(sessionId, d -> Optional.ofNullable(copyOf(d.identities.get(address))));
        }

        @Override
        public void put(String address, byte[] identityKey) {
          Checks.text(address, "address");
          byte[] key = Checks.bytes(identityKey, "identity key").clone();
          writeDevice(sessionId, d -> d.identities.put(address, key));
        }

        @Override
        public void remove(String address) {
          Checks.text(address, "address");
          writeDevice(sessionId, d -> d.identities.remove(address));
        }
      };
    }

    @Override
    public PreKeyStore preKeys() {
      return new PreKeyStore() {
        @Override
        public Optional<PreKey> get(int id) {
          return readDevice(
              sessionId, d -> Optional.ofNullable(d.preKeys.get(id)).map(PreKeyRow::preKey));
        }

        @Override
        public void store(List<PreKey> preKeys) {
          List<PreKey> keys = List.copyOf(Checks.present(preKeys, "preKeys"));
          writeDevice(
              sessionId,
              d -> {
                for (PreKey key : keys) {
                  d.preKeys.put(key.id(), new PreKeyRow(key, false));
                  d.maxPreKeyId = Math.max(d.maxPreKeyId, key.id());
                }
                return null;
              });
        }

        @Override
        public void remove(int id) {
          writeDevice(sessionId, d -> d.preKeys.remove(id));
        }

        @Override
        public int maxId() {
          return readDevice(sessionId, d -> d.maxPreKeyId);
        }

        @Override
        public List<PreKey> unuploaded(int limit) {
          Checks.window(0, limit);
          return readDevice(
              sessionId,
              d ->
                  d.preKeys.values().stream()
                      .filter(row -> !row.uploaded())
                      .limit(limit)
                      .map(PreKeyRow::preKey)
                      .toList());
        }

        @Override
        public void markUploaded(int id) {
          writeDevice(
              sessionId,
              d -> {
                for (Map.Entry<Integer, PreKeyRow> e : d.preKeys.headMap(id, true).entrySet()) {
                  e.setValue(new PreKeyRow(e.getValue().preKey(), true));
                }
                return null;
              });
        }

        @Override
        public int uploadedCount() {
          return readDevice(
              sessionId,
              d -> (int) d.preKeys.values().stream().filter(PreKeyRow::uploaded).count());
        }
      };
    }

    @Override
    public SignalSessionStore signalSessions() {
      return new SignalSessionStore() {
        @Override
        public Optional<byte[]> load(String address) {
          Checks.text(address, "address");
          return readDevice(
              sessionId, d -> Optional.ofNullable(copyOf(d.signalSessions.get(address))));
        }

        @Override
        public void store(String address, byte[] record) {
          Checks.text(address, "address");
          byte[] bytes = Checks.bytes(record, "session record").clone();
          writeDevice(sessionId, d -> d.signalSessions.put(address, bytes));
        }

        @Override
        public void delete(String address) {
          Checks.text(address, "address");
          writeDevice(sessionId, d -> d.signalSessions.remove(address));
        }
      };
    }

    @Override
    public SenderKeyStore senderKeys() {
      return new SenderKeyStore() {
        @Override
        public Optional<byte[]> load(String groupId, String senderAddress) {
          SenderKeyId key = senderKeyId(groupId, senderAddress);
          return readDevice(sessionId, d -> Optional.ofNullable(copyOf(d.senderKeys.get(key))));
        }

        @Override
        public void store(String groupId, String senderAddress, byte[] record) {
          SenderKeyId key = senderKeyId(groupId, senderAddress);
          byte[] bytes = Checks.bytes(record, "sender key record").clone();
          writeDevice(sessionId, d -> d.senderKeys.put(key, bytes));
        }

        @Override
        public void delete(String groupId, String senderAddress) {
          SenderKeyId key = senderKeyId(groupId, senderAddress);
          writeDevice(sessionId, d -> d.senderKeys.remove(key));
        }
      };
    }

    @Override
    public AppStateKeyStore appStateKeys() {
      return new AppStateKeyStore() {
        @Override
        public Optional<byte[]> load(byte[] keyId) {
          String key = HexFormat.of().formatHex(Checks.bytes(keyId, "key id"));
          return readDevice(sessionId, d -> Optional.ofNullable(copyOf(d.appStateKeys.get(key))));
        }

        @Override
        public void store(byte[] keyId, byte[] keyData) {
          String key = HexFormat.of().formatHex(Checks.bytes(keyId, "key id"));
          byte[] bytes = Checks.bytes(keyData, "key data").clone();
          writeDevice(sessionId, d -> d.appStateKeys.put(key, bytes));
        }
      };
    }

    @Override
    public MessageJournalStore messageJournal() {
      return new MessageJournalStore() {
        @Override
        public void record(String key, byte[] plaintext) {
          Checks.text(key, "journal key");
          byte[] bytes = Checks.bytes(plaintext, "plaintext").clone();
          long now = System.currentTimeMillis();
          writeDevice(sessionId, d -> d.journal.put(key, new JournalEntry(bytes, now)));
        }

        @Override
        public Optional<byte[]> load(String key) {
          Checks.text(key, "journal key");
          return readDevice(
              sessionId,
              d -> {
                JournalEntry e = d.journal.get(key);
                return Optional.ofNullable(e == null ? null : e.plaintext().clone());
              });
        }

        @Override
        public int deleteOlderThan(long epochMillis) {
          int[] removed = {0};
          writeDevice(
              sessionId,
              d -> {
                int before = d.journal.size();
                d.journal.values().removeIf(e -> e.recordedAt() < epochMillis);
                removed[0] = before - d.journal.size();
                return null;
              });
          return removed[0];
        }
      };
    }

    @Override
    public SentMessageStore sentMessages() {
      return new SentMessageStore() {
        @Override
        public void insert(SentMessage message) {
          Checks.present(message, "sent message");
          if (!sessionId.equals(message.sessionId())) {
            throw new ValidationException("the record belongs to another session");
          }
          SentKey key = new SentKey(sessionId, message.id());
          transaction(
              tx -> {
                if (readSent(key).isPresent()) {
                  throw new ValidationException("message id already recorded: " + message.id());
                }
                return tx.sent.put(key, message);
              });
        }

        @Override
        public Optional<SentMessage> load(String messageId) {
          return readSent(new SentKey(sessionId, Checks.text(messageId, "message id")));
        }

        @Override
        public Optional<SentMessage> advance(
            String messageId,
            MessageStatus next,
            String errorCode,
            String errorMessage,
            long atMillis) {
          SentKey key = new SentKey(sessionId, Checks.text(messageId, "message id"));
          Checks.present(next, "status");
          return transaction(
              tx -> {
                Optional<SentMessage> now = readSent(key);
                if (now.isEmpty() || !now.get().status().canAdvanceTo(next)) {
                  return Optional.<SentMessage>empty();
                }
                SentMessage moved =
                    now.get()
                        .advancedTo(next, errorCode, errorMessage, Instant.ofEpochMilli(atMillis));
                tx.sent.put(key, moved);
                return Optional.of(moved);
              });
        }

        @Override
        public void enqueue(SentMessage message, byte[] payload) {
          Checks.present(payload, "payload");
          insert(message);
          SentKey key = new SentKey(sessionId, message.id());
          queuePayloads.put(key, payload.clone());
          queueOrder.put(key, queueSeq.incrementAndGet());
        }

        @Override
        public List<Queued> queued() {
          List<Map.Entry<SentKey, Long>> keys = new ArrayList<>();
          for (Map.Entry<SentKey, Long> e : queueOrder.entrySet()) {
            if (e.getKey().sessionId().equals(sessionId)) {
              keys.add(e);
            }
          }
          keys.sort(Map.Entry.comparingByValue());
          List<Queued> out = new ArrayList<>();
          for (Map.Entry<SentKey, Long> e : keys) {
            byte[] payload = queuePayloads.get(e.getKey());
            Optional<SentMessage> record = readSent(e.getKey());
            if (payload != null && record.isPresent()) {
              out.add(new Queued(record.get(), payload));
            }
          }
          return out;
        }

        @Override
        public void dequeue(String messageId) {
          SentKey key = new SentKey(sessionId, Checks.text(messageId, "message id"));
          queueOrder.remove(key);
          queuePayloads.remove(key);
        }

        @Override
        public int deleteOlderThan(long epochMillis) {
          return transaction(
              tx -> {
                int removed = 0;
                for (Map.Entry<SentKey, SentMessage> e : sent.entrySet()) {
                  if (e.getKey().sessionId().equals(sessionId)
                      && e.getValue().createdAt().toEpochMilli() < epochMillis
                      && readSent(e.getKey()).isPresent()) {
                    tx.sent.put(e.getKey(), null);
                    removed++;
                  }
                }
                return removed;
              });
        }
      };
    }

    @Override
    public ReceivedMessageStore receivedMessages() {
      return new ReceivedMessageStore() {
        @Override
        public void record(ReceivedMessage message) {
          Checks.present(message, "received message");
          if (!sessionId.equals(message.sessionId())) {
            throw new ValidationException("the record belongs to another session");
          }
          ReceivedKey key = new ReceivedKey(message.chat(), message.id());
          writeDevice(sessionId, d -> d.received.put(key, message));
        }

        @Override
        public Optional<ReceivedMessage> load(String chat, String messageId) {
          ReceivedKey key =
              new ReceivedKey(Checks.text(chat, "chat"), Checks.text(messageId, "message id"));
          return readDevice(sessionId, d -> Optional.ofNullable(d.received.get(key)));
        }

        @Override
        public int deleteOlderThan(long epochMillis) {
          return writeDevice(
              sessionId,
              d -> {
                int before = d.received.size();
                d.received.values().removeIf(m -> m.receivedAt().toEpochMilli() < epochMillis);
                return before - d.received.size();
              });
        }
      };
    }

    @Override
    public String toString() {
      return "DeviceStore[" + sessionId + "]";
    }
  }

  private static SenderKeyId senderKeyId(String groupId, String senderAddress) {
    return new SenderKeyId(
        Checks.text(groupId, "group id"), Checks.text(senderAddress, "sender address"));
  }

  private final class MemorySessionMeta implements SessionMetaStore {
    @Override
    public void create(StoredSession session) {
      Checks.present(session, "session");
      Checks.sessionId(session.id());
      Checks.text(session.orgId(), "org id");
      transaction(
          tx -> {
            if (readSession(session.id()).isPresent()) {
              throw new ValidationException("session already exists: " + session.id());
            }
            tx.sessions.put(session.id(), session);
            return null;
          });
    }

    @Override
    public Optional<StoredSession> get(String id) {
      Checks.sessionId(id);
      return readSession(id);
    }

    @Override
    public List<StoredSession> list(String orgId, int offset, int limit) {
      Checks.text(orgId, "org id");
      Checks.window(offset, limit);
      return allSessions().stream()
          .filter(s -> s.orgId().equals(orgId))
          .skip(offset)
          .limit(limit)
          .toList();
    }

    @Override
    public List<StoredSession> listAll() {
      return List.copyOf(allSessions());
    }

    @Override
    public int count(String orgId) {
      Checks.text(orgId, "org id");
      return (int) allSessions().stream().filter(s -> s.orgId().equals(orgId)).count();
    }

    @Override
    public void update(StoredSession session) {
      Checks.present(session, "session");
      transaction(
          tx -> {
            if (readSession(session.id()).isEmpty()) {
              throw new NotFoundException("no such session: " + session.id());
            }
            tx.sessions.put(session.id(), session);
            return null;
          });
    }

    @Override
    public boolean delete(String id) {
      Checks.sessionId(id);
      return transaction(
          tx -> {
            boolean existed = readSession(id).isPresent();
            tx.sessions.put(id, null);
            return existed;
          });
    }
  }
}
