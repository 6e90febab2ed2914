package dev.wagateway.egress.tunnel;

import dev.wagateway.egress.agent.EnrolmentPayload;

/** A node just created (status pending) and the pairing payload to show the phone. */
public record NodeRegistration(EgressNode node, EnrolmentPayload pairing) {}
