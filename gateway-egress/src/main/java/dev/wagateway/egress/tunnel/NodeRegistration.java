package dev.wagateway.egress.tunnel;

import dev.wagateway.egress.agent.EnrolmentPayload;

/** A node just created (status pending) and the enrolment payload to show the phone. */
public record NodeRegistration(EgressNode node, EnrolmentPayload enrolment) {}
