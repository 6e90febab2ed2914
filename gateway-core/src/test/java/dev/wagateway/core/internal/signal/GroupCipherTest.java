package dev.wagateway.core.internal.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wagateway.core.ErrorCode;
import dev.wagateway.core.GatewayException.CryptoException;
import dev.wagateway.core.internal.crypto.Curve;
import dev.wagateway.core.store.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Sender keys: signatures, limits, duplicates, state replacement and bounds. */
class GroupCipherTest {
  private final SecureRandom random = new SecureRandom();

  private static ErrorCode code(Executable e) {
    return assertThrows(CryptoException.class, e).errorCode();
  }

  private static byte[] bytes(int i) {
    return new byte[] {(byte) i, 2, 3};
  }

  @Test
  void forgedSignatureIsRejectedAndStateUnchanged() {
    SenderKeyRecord own = new SenderKeyRecord();
    SenderKeyRecord theirs = new SenderKeyRecord();
    GroupSessionBuilder.process(theirs, GroupSessionBuilder.create(own, random));
    byte[] m = GroupCipher.encrypt(own, bytes(1), random);
    byte[] before = theirs.serialize();
    for (int position : new int[] {m.length - 1, m.length - 70, 2}) {
      byte[] forged = m.clone();
      forged[position] ^= 0x01;
      ErrorCode code = code(() -> GroupCipher.decrypt(theirs, forged));
      assertEquals(position == 2 ? ErrorCode.NO_SENDER_KEY : ErrorCode.BAD_SIGNATURE, code);
      assertArrayEquals(before, theirs.serialize());
    }
    assertArrayEquals(bytes(1), GroupCipher.decrypt(theirs, m));
  }

  @Test
  void signedByAnotherKeyIsRejected() {
    SenderKeyRecord own = new SenderKeyRecord();
    SenderKeyDistributionMessage skdm = GroupSessionBuilder.create(own, random);
    KeyPair impostor = Curve.generateKeyPair(random);
    SenderKeyRecord forgedRecord = new SenderKeyRecord();
    forgedRecord.addState(
        new SenderKeyState(
            skdm.keyId(), 0, skdm.chainKey(), impostor.publicKey(), impostor.privateKey()));
    byte[] forged = GroupCipher.encrypt(forgedRecord, bytes(9), random);
    SenderKeyRecord receiver = new SenderKeyRecord();
    GroupSessionBuilder.process(receiver, skdm);
    assertEquals(ErrorCode.BAD_SIGNATURE, code(() -> GroupCipher.decrypt(receiver, forged)));
  }

  @Test
  void gapsWithinTheLimitAndTooFarAhead() {
    SenderKeyRecord own = new SenderKeyRecord();
    SenderKeyRecord theirs = new SenderKeyRecord();
    GroupSessionBuilder.process(theirs, GroupSessionBuilder.create(own, random));
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i <= SenderKeyState.MAX_FORWARD_JUMP + 1; i++) {
      sent.add(GroupCipher.encrypt(own, bytes(i), random));
    }
    byte[] tooFar = sent.get(SenderKeyState.MAX_FORWARD_JUMP + 1);
    byte[] before = theirs.serialize();
    assertEquals(ErrorCode.TOO_MANY_SKIPPED, code(() -> GroupCipher.decrypt(theirs, tooFar)));
    assertArrayEquals(before, theirs.serialize());
    assertArrayEquals(
        bytes(SenderKeyState.MAX_FORWARD_JUMP),
        GroupCipher.decrypt(theirs, sent.get(SenderKeyState.MAX_FORWARD_JUMP)));
    assertEquals(SenderKeyState.MAX_FORWARD_JUMP, theirs.newestState().skipped.size());
    assertArrayEquals(bytes(7), GroupCipher.decrypt(theirs, sent.get(7)));
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> GroupCipher.decrypt(theirs, sent.get(7))));
    // Pushing further evicts the oldest skipped keys beyond the cap.
    assertArrayEquals(
        bytes(SenderKeyState.MAX_FORWARD_JUMP + 1), GroupCipher.decrypt(theirs, tooFar));
    for (int i = 0; i < 5; i++) {
      sent.add(GroupCipher.encrypt(own, bytes(i), random));
    }
    GroupCipher.decrypt(theirs, sent.get(sent.size() - 1));
    assertEquals(SenderKeyState.MAX_MESSAGE_KEYS, theirs.newestState().skipped.size());
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> GroupCipher.decrypt(theirs, sent.get(0))));
  }

  @Test
  void repeatedDistributionDoesNotRewindButANewSigningKeyReplaces() {
    SenderKeyRecord own = new SenderKeyRecord();
    SenderKeyRecord theirs = new SenderKeyRecord();
    SenderKeyDistributionMessage first = GroupSessionBuilder.create(own, random);
    GroupSessionBuilder.process(theirs, first);
    byte[] m0 = GroupCipher.encrypt(own, bytes(0), random);
    GroupCipher.decrypt(theirs, m0);
    GroupSessionBuilder.process(theirs, first);
    assertEquals(1, theirs.size());
    assertEquals(ErrorCode.DUPLICATE_MESSAGE, code(() -> GroupCipher.decrypt(theirs, m0)));

    // Same id, different signing key (a reinstall reusing an id): the old state is replaced.
    SenderKeyRecord other = new SenderKeyRecord();
    KeyPair signing = Curve.generateKeyPair(random);
    other.addState(
        new SenderKeyState(
            first.keyId(), 0, new byte[32], signing.publicKey(), signing.privateKey()));
    GroupSessionBuilder.process(theirs, GroupSessionBuilder.create(other, random));
    assertEquals(1, theirs.size());
    assertArrayEquals(
        bytes(5), GroupCipher.decrypt(theirs, GroupCipher.encrypt(other, bytes(5), random)));
  }

  @Test
  void atMostFiveStatesPerSender() {
    SenderKeyRecord theirs = new SenderKeyRecord();
    List<SenderKeyRecord> senders = new ArrayList<>();
    for (int i = 0; i < SenderKeyRecord.MAX_STATES + 2; i++) {
      SenderKeyRecord own = new SenderKeyRecord();
      senders.add(own);
      GroupSessionBuilder.process(theirs, GroupSessionBuilder.create(own, random));
    }
    assertEquals(SenderKeyRecord.MAX_STATES, theirs.size());
    byte[] fromOldest = GroupCipher.encrypt(senders.get(0), bytes(1), random);
    assertEquals(ErrorCode.NO_SENDER_KEY, code(() -> GroupCipher.decrypt(theirs, fromOldest)));
    byte[] fromNewest = GroupCipher.encrypt(senders.get(senders.size() - 1), bytes(2), random);
    assertArrayEquals(bytes(2), GroupCipher.decrypt(theirs, fromNewest));
  }

  @Test
  void receiverCannotEncryptAndMalformedInputIsTyped() {
    SenderKeyRecord theirs = new SenderKeyRecord();
    GroupSessionBuilder.process(theirs, GroupSessionBuilder.create(new SenderKeyRecord(), random));
    assertEquals(
        ErrorCode.NO_SENDER_KEY, code(() -> GroupCipher.encrypt(theirs, bytes(1), random)));
    assertEquals(ErrorCode.INVALID_MESSAGE, code(() -> GroupCipher.decrypt(theirs, new byte[10])));
    assertEquals(
        ErrorCode.INVALID_MESSAGE,
        code(() -> SenderKeyDistributionMessage.parse(new byte[] {0x33, 0x08, 0x01})));
    assertEquals(
        ErrorCode.CORRUPT_RECORD, code(() -> SenderKeyRecord.deserialize(new byte[] {0x0a, 0x09})));
  }
}
