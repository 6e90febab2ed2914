/**
 * The reference Android egress-node agent (docs/egress-tunnel.md): {@link
 * dev.wagateway.egress.agent.EgressAgent} dials the gateway's tunnel with an {@link
 * dev.wagateway.egress.agent.EnrolmentPayload} (the QR code or JSON the gateway issues for a new
 * node) and opens the TCP connections the gateway asks for, limited by an {@link
 * dev.wagateway.egress.agent.Allowlist}. The only public package of gateway-egress-agent.
 */
package dev.wagateway.egress.agent;
