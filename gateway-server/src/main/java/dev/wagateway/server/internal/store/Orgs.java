package dev.wagateway.server.internal.store;

/** Organizations: every resource belongs to one. */
public final class Orgs {
  /** The organization a fresh server has; the admin key belongs to it. */
  public static final String DEFAULT_ORG = "org_default";

  private final ServerDb db;

  public Orgs(ServerDb db) {
    this.db = db;
  }

  /** Creates the organization when missing (the default org, or an org named by a JWT). */
  public void ensure(String id, String name, long now) {
    db.transaction(
        "create org",
        c ->
            ServerDb.update(
                c,
                "INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING",
                id,
                name,
                now));
  }
}
