// Signal encrypt+decrypt throughput of Baileys' Signal repository (libsignal-node for 1:1, Baileys'
// own sender-key code for groups), the same three cases as our SignalBenchmark:
//   oneToOne             Alice -> Bob on an established session (msg)
//   oneToOneAlternating  the direction flips every message (a DH ratchet step each time)
//   group                Alice's skmsg decrypted by Bob
// Both devices keep their keys in an in-memory SignalKeyStore, as the JMH benchmark keeps them in
// InMemoryGatewayStore. One operation = one message encrypted and decrypted; prints messages/s.
// Usage: node signal-bench.mjs <node_modules dir holding @whiskeysockets/baileys> warmups iterations seconds
import { createRequire } from 'module';
import path from 'path';

const [modules, warmupsArg, iterationsArg, secondsArg] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'x.js'));
const main = require.resolve('@whiskeysockets/baileys');
// the package root first (its modules have import cycles that only resolve in that order)
const baileys = await import(main);
const { makeLibSignalRepository } = await import(path.join(path.dirname(main), 'Signal/libsignal.js'));
const { initAuthCreds, Curve, generateSignalPubKey } = baileys;
const warmups = Number(warmupsArg ?? 3);
const iterations = Number(iterationsArg ?? 5);
const seconds = Number(secondsArg ?? 2);

function memoryKeys() {
  const data = {};
  return {
    data,
    async get(type, ids) {
      const out = {};
      for (const id of ids) {
        const v = data[type]?.[id];
        if (v !== undefined && v !== null) out[id] = v;
      }
      return out;
    },
    async set(values) {
      for (const type of Object.keys(values)) {
        data[type] ??= {};
        for (const [id, v] of Object.entries(values[type])) {
          if (v === null) delete data[type][id];
          else data[type][id] = v;
        }
      }
    }
  };
}

function device() {
  const creds = initAuthCreds();
  const keys = memoryKeys();
  return { creds, keys, repo: makeLibSignalRepository({ creds, keys }) };
}

const ALICE = '15550001111:1@s.whatsapp.net';
const BOB = '15550002222:1@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
const alice = device();
const bob = device();

// A 100-byte text padded as WhatsApp pads v="2" payloads (1..16 bytes of the pad length).
const text = Buffer.alloc(100, 'a');
const padLength = 1 + Math.floor(Math.random() * 16);
const padded = Buffer.concat([text, Buffer.alloc(padLength, padLength)]);

function check(plaintext) {
  const b = Buffer.from(plaintext);
  if (b.length - b[b.length - 1] !== 100) throw new Error('decrypted text has the wrong length');
  return b;
}

// Bob's bundle with one-time prekey 1, as the server would hand it out.
const opk = Curve.generateKeyPair();
await bob.keys.set({ 'pre-key': { 1: opk } });
await alice.repo.injectE2ESession({
  jid: BOB,
  session: {
    registrationId: bob.creds.registrationId,
    identityKey: generateSignalPubKey(bob.creds.signedIdentityKey.public),
    signedPreKey: {
      keyId: bob.creds.signedPreKey.keyId,
      publicKey: generateSignalPubKey(bob.creds.signedPreKey.keyPair.public),
      signature: bob.creds.signedPreKey.signature
    },
    preKey: { keyId: 1, publicKey: generateSignalPubKey(opk.public) }
  }
});

async function send(from, to, toJid, fromJid) {
  const { type, ciphertext } = await from.repo.encryptMessage({ jid: toJid, data: padded });
  return check(await to.repo.decryptMessage({ jid: fromJid, type, ciphertext }));
}

// pkmsg, reply, then one more: the session is established both ways.
await send(alice, bob, BOB, ALICE);
await send(bob, alice, ALICE, BOB);
{
  const { type } = await alice.repo.encryptMessage({ jid: BOB, data: padded });
  if (type !== 'msg') throw new Error('session did not become established: ' + type);
}
// (that message was not delivered; Bob keeps its key as a skipped one, as would happen live)

// Group: Alice's sender key reaches Bob through its distribution message.
{
  const { senderKeyDistributionMessage } = await alice.repo.encryptGroupMessage({
    group: GROUP, meId: ALICE, data: padded
  });
  await bob.repo.processSenderKeyDistributionMessage({
    item: { groupId: GROUP, axolotlSenderKeyDistributionMessage: senderKeyDistributionMessage },
    authorJid: ALICE
  });
}

let aliceSends = true;
const cases = {
  oneToOne: () => send(alice, bob, BOB, ALICE),
  oneToOneAlternating: () => {
    aliceSends = !aliceSends;
    return aliceSends ? send(alice, bob, BOB, ALICE) : send(bob, alice, ALICE, BOB);
  },
  group: async () => {
    const { ciphertext } = await alice.repo.encryptGroupMessage({
      group: GROUP, meId: ALICE, data: padded
    });
    return check(await bob.repo.decryptGroupMessage({ group: GROUP, authorJid: ALICE, msg: ciphertext }));
  }
};

for (const [name, op] of Object.entries(cases)) {
  const scores = [];
  for (let i = 0; i < warmups + iterations; i++) {
    const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
    let n = 0;
    const start = process.hrtime.bigint();
    let now = start;
    while (now < end) {
      await op();
      n++;
      now = process.hrtime.bigint();
    }
    const rate = n / (Number(now - start) / 1e9);
    if (i >= warmups) scores.push(rate);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  console.log(`libsignal-node ${name} ${mean.toFixed(1)} messages/s (iterations: ${scores.map((s) => s.toFixed(0)).join(' ')})`);
}

// Baileys' GroupCipher sends iterations 0, 2, 4, ... (it skips one chain key per message), so both
// records keep one skipped message key per message, up to 2000, and (de)serialize them on every
// operation: the group rate falls as the run goes on.
{
  const records = Object.values(bob.keys.data['sender-key'] ?? {});
  const skipped = records
    .map((r) => JSON.parse(Buffer.from(r).toString('utf-8')))
    .flatMap((states) => states.map((s) => s.senderMessageKeys?.length ?? 0))
    .reduce((a, b) => a + b, 0);
  console.log(`libsignal-node note: the receiver's sender-key record held ${skipped} skipped message keys at the end`);
}
