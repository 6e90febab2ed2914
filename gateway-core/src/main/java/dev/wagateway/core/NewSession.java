package dev.wagateway.core;

import dev.wagateway.core.GatewayException.ValidationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to create: the owner, optional labels, the egress choice, and whether to start at once.
 *
 * @param id the session id, or null to generate one ({@code sess_} + 26 characters)
 * @param orgId the owning organisation (required)
 * @param senderId the API sender this session serves, or null
 * @param displayName a label, or null
 * @param egress the egress choice, or null
 * @param startImmediately whether to start connecting (and show a QR) right away
 */
public record NewSession(
    String id,
    String orgId,
    String senderId,
    String displayName,
    EgressChoice egress,
    boolean startImmediately) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public NewSession {
    if (id != null && !ID.matcher(id).matches()) {
      throw new ValidationException("session id must be 1..64 of A-Z a-z 0-9 _ . -");
    }
    if (orgId == null || orgId.isBlank()) {
      throw new ValidationException("orgId must not be blank");
    }
  }

  /** A builder for the organisation {@code orgId}. */
  public static Builder builder(String orgId) {
    return new Builder(orgId);
  }

  /** Builds a {@link NewSession}. */
  public static final class Builder {
    private final String orgId;
    private String id;
    private String senderId;
    private String displayName;
    private EgressChoice egress;
    private boolean startImmediately;

    private Builder(String orgId) {
      this.orgId = Objects.requireNonNull(orgId, "orgId");
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder senderId(String senderId) {
      this.senderId = senderId;
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    public Builder egress(EgressChoice egress) {
      this.egress = egress;
      return this;
    }

    public Builder startImmediately(boolean start) {
      this.startImmediately = start;
      return this;
    }

    public NewSession build() {
      return new NewSession(id, orgId, senderId, displayName, egress, startImmediately);
    }
  }
}
