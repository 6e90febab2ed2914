/**
 * A WhatsApp server simulator and simulated primary phones, for tests of linked-device clients on
 * loopback.
 *
 * <p>{@link dev.wagateway.testkit.WaSimulator} speaks the real transport (WebSocket, Noise XX with
 * a certificate chain, binary nodes) and, unless started {@linkplain
 * dev.wagateway.testkit.WaSimulator.Builder#raw(boolean) raw}, the server side of the linked-device
 * protocol. {@link dev.wagateway.testkit.SimulatedPhone}s link companions by QR or pairing code and
 * unlink them; {@link dev.wagateway.testkit.SimulatedConnection} records every stanza and lets a
 * test end a stream the ways the real server does.
 *
 * <pre>{@code
 * try (WaSimulator simulator = WaSimulator.start()) {
 *   SimulatedPhone phone = simulator.addPhone("15551234567", "Alice");
 *   // start a client against simulator.url(), trusting simulator.rootPublicKey()
 *   Paired paired = phone.scanQr(qrTheClientShows);            // or phone.enterPairingCode(code)
 *   SimulatedConnection login = simulator.awaitLogin(paired.deviceJid(), Duration.ofSeconds(10));
 *   login.sendStreamError(503);                                  // the client reconnects
 *   phone.unlink(paired.deviceJid());                            // the client is logged out
 * }
 * }</pre>
 */
package dev.wagateway.testkit;
