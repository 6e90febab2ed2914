package dev.wagateway.core.internal.store;

import static dev.wagateway.core.internal.store.Jdbc.bytes;
import static dev.wagateway.core.internal.store.Jdbc.text;

import dev.wagateway.core.store.CredentialStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.DeviceCredentials.Account;
import dev.wagateway.core.store.DeviceCredentials.SignedPreKey;
import dev.wagateway.core.store.KeyPair;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The {@code credentials} table: one row per session. */
final class SqlCredentialStore implements CredentialStore {
  private final String sessionId;
  private final SqlDatabase db;
  private final LongSupplier clock;

  SqlCredentialStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<DeviceCredentials> load() {
    return db.read(
        "load credentials of session " + sessionId,
        c ->
            Jdbc.queryOne(
                c,
                "SELECT * FROM credentials WHERE session_id = ?",
                SqlCredentialStore::map,
                sessionId));
  }

  @Override
  public void save(DeviceCredentials credentials) {
    Checks.present(credentials, "credentials");
    Account account = credentials.account();
    SignedPreKey signed = credentials.signedPreKey();
    db.transaction(
        "save credentials of session " + sessionId,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO credentials (session_id, noise_public, noise_private,"
                    + " identity_public, identity_private, registration_id, signed_prekey_id,"
                    + " signed_prekey_public, signed_prekey_private, signed_prekey_signature,"
                    + " adv_secret, account_jid, account_lid, account_push_name,"
                    + " account_platform, account_signed_identity, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (session_id) DO UPDATE SET"
                    + " noise_public = excluded.noise_public,"
                    + " noise_private = excluded.noise_private,"
                    + " identity_public = excluded.identity_public,"
                    + " identity_private = excluded.identity_private,"
                    + " registration_id = excluded.registration_id,"
                    + " signed_prekey_id = excluded.signed_prekey_id,"
                    + " signed_prekey_public = excluded.signed_prekey_public,"
                    + " signed_prekey_private = excluded.signed_prekey_private,"
                    + " signed_prekey_signature = excluded.signed_prekey_signature,"
                    + " adv_secret = excluded.adv_secret,"
                    + " account_jid = excluded.account_jid,"
                    + " account_lid = excluded.account_lid,"
                    + " account_push_name = excluded.account_push_name,"
                    + " account_platform = excluded.account_platform,"
                    + " account_signed_identity = excluded.account_signed_identity,"
                    + " updated_at = excluded.updated_at",
                sessionId,
                credentials.noiseKey().publicKey(),
                credentials.noiseKey().privateKey(),
                credentials.identityKey().publicKey(),
                credentials.identityKey().privateKey(),
                credentials.registrationId(),
                signed.id(),
                signed.keyPair().publicKey(),
                signed.keyPair().privateKey(),
                signed.signature(),
                credentials.advSecret(),
                text(account == null ? null : account.jid()),
                text(account == null ? null : account.lid()),
                text(account == null ? null : account.pushName()),
                text(account == null ? null : account.platform()),
                bytes(account == null ? null : account.signedIdentity()),
                clock.getAsLong()));
  }

  @Override
  public void clear() {
    db.transaction(
        "clear credentials of session " + sessionId,
        c -> Jdbc.update(c, "DELETE FROM credentials WHERE session_id = ?", sessionId));
  }

  private static DeviceCredentials map(ResultSet rs) throws SQLException {
    String jid = rs.getString("account_jid");
    Account account =
        jid == null
            ? null
            : new Account(
                jid,
                rs.getString("account_lid"),
                rs.getString("account_push_name"),
                rs.getString("account_platform"),
                rs.getBytes("account_signed_identity"));
    return new DeviceCredentials(
        new KeyPair(rs.getBytes("noise_public"), rs.getBytes("noise_private")),
        new KeyPair(rs.getBytes("identity_public"), rs.getBytes("identity_private")),
        rs.getInt("registration_id"),
        new SignedPreKey(
            rs.getInt("signed_prekey_id"),
            new KeyPair(rs.getBytes("signed_prekey_public"), rs.getBytes("signed_prekey_private")),
            rs.getBytes("signed_prekey_signature")),
        rs.getBytes("adv_secret"),
        account);
  }
}
