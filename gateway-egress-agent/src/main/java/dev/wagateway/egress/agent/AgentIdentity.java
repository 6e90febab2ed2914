package dev.wagateway.egress.agent;

import dev.wagateway.egress.agent.internal.tunnel.Json;
import dev.wagateway.egress.agent.internal.tunnel.NodeKeys;
import dev.wagateway.egress.agent.internal.tunnel.TunnelProtocolException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * The agent's node key and, once enrolled, its node id; kept in a small JSON file so the agent
 * reconnects after a restart (an Android app keeps the key in the Android Keystore instead).
 */
final class AgentIdentity {
  final KeyPair keys;
  volatile String nodeId;

  private AgentIdentity(KeyPair keys, String nodeId) {
    this.keys = keys;
    this.nodeId = nodeId;
  }

  static AgentIdentity fresh(SecureRandom random) {
    return new AgentIdentity(NodeKeys.generate(random), null);
  }

  /** Loads the identity from {@code file}, or a fresh one when the file does not exist. */
  static AgentIdentity load(File file, SecureRandom random) throws IOException {
    if (file == null || !file.exists()) {
      return fresh(random);
    }
    byte[] bytes;
    try (InputStream in = new FileInputStream(file)) {
      bytes = readAll(in);
    }
    try {
      Json.Obj o = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
      PublicKey pub = NodeKeys.publicKey(o.string("publicKey"));
      KeyPair keys = new KeyPair(pub, NodeKeys.privateKey(o.string("privateKey")));
      return new AgentIdentity(keys, o.optString("nodeId"));
    } catch (TunnelProtocolException | GeneralSecurityException e) {
      throw new IOException("agent state file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  /** Writes the identity to {@code file} (readable by the owner only). */
  void save(File file) throws IOException {
    if (file == null) {
      return;
    }
    String json =
        new Json.Obj()
            .put("nodeId", nodeId)
            .put("publicKey", NodeKeys.b64(keys.getPublic().getEncoded()))
            .put("privateKey", NodeKeys.b64(keys.getPrivate().getEncoded()))
            .toString();
    File tmp = new File(file.getPath() + ".tmp");
    try (OutputStream out = new FileOutputStream(tmp)) {
      tmp.setReadable(false, false);
      tmp.setReadable(true, true);
      tmp.setWritable(false, false);
      tmp.setWritable(true, true);
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    if (!tmp.renameTo(file)) {
      throw new IOException("could not replace agent state file " + file);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > 65536) {
        throw new IOException("agent state file is too large");
      }
    }
    return out.toByteArray();
  }
}
