/**
 * The gateway's (server) role of RFC 6455 for the agent tunnel's WebSocket: {@code
 * AgentWebSocketFrames}, I/O-free framing that the server's {@code /egress/agent} endpoint feeds.
 * The constants both roles share come from gateway-egress-agent's {@code Rfc6455}.
 *
 * <p>Internal: no compatibility promise. Named friend: gateway-server ({@code
 * dev.wagateway.server.internal.tunnel}), which owns the Jetty endpoint.
 */
package dev.wagateway.egress.internal.ws;
