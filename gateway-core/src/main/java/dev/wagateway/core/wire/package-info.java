/**
 * What travels inside a transport frame: WABinary nodes ({@link dev.wagateway.core.wire.BinaryNode}
 * and its codec {@link dev.wagateway.core.wire.NodeCodec}, with {@link
 * dev.wagateway.core.wire.NodeJson} for the JSON form), addresses ({@link
 * dev.wagateway.core.wire.Jid}), and the checked exceptions for broken wire bytes ({@link
 * dev.wagateway.core.wire.WireException}, {@link dev.wagateway.core.wire.MalformedNodeException}).
 * The encoder and decoder themselves are package-private classes of this package.
 */
package dev.wagateway.core.wire;
