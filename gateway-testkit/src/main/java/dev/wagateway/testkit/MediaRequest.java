package dev.wagateway.testkit;

import java.net.InetSocketAddress;

/**
 * One HTTP request the simulator's media host received: the method, the path (no query) and the
 * client's address, so tests can show which route an upload or download took.
 */
public record MediaRequest(String method, String path, InetSocketAddress peer) {}
