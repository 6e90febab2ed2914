// Runs Baileys' WABinary encodeBinaryNode / decodeDecompressedBinaryNode over bench-corpus.json
// for a fixed time and prints nodes/s. Usage:
//   node codec-bench.mjs <baileys package dir> <bench-corpus.json> <warmups> <iterations> <seconds>
// Decode uses the synchronous decodeDecompressedBinaryNode on the body after the flag byte (what
// the async decodeBinaryNode calls for an uncompressed frame), so Baileys is measured without the
// promise overhead.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [, , pkgDir, corpusPath, warmupsArg, iterationsArg, secondsArg] = process.argv;
const lib = (f) => pathToFileURL(path.join(pkgDir, 'lib', 'WABinary', f)).href;
const { encodeBinaryNode } = await import(lib('encode.js'));
const { decodeDecompressedBinaryNode } = await import(lib('decode.js'));
const constants = await import(lib('constants.js'));

const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const toBaileys = (n) => {
  let content;
  if (n.content === null || n.content === undefined) content = undefined;
  else if (Array.isArray(n.content)) content = n.content.map(toBaileys);
  else if ('string' in n.content) content = n.content.string;
  else content = Buffer.from(n.content.bytes, 'hex');
  return { tag: n.tag, attrs: { ...n.attrs }, content };
};
const nodes = corpus.corpus.map((e) => toBaileys(e.node));
const frames = corpus.corpus.map((e) => Buffer.from(e.encoded, 'hex'));
const bodies = frames.map((f) => f.subarray(1));

// Same bytes as the corpus, or the comparison means nothing.
const hash = createHash('sha256');
let total = 0;
nodes.forEach((n, i) => {
  const enc = encodeBinaryNode(n);
  if (!enc.equals(frames[i])) throw new Error(`Baileys encodes corpus entry ${i} differently`);
  hash.update(enc);
  total += enc.length;
});
if (hash.digest('hex') !== corpus.corpus_sha256) throw new Error('corpus_sha256 mismatch');
bodies.forEach((b) => decodeDecompressedBinaryNode(b, constants));

let sink = 0;
const run = (label, ms, once) => {
  const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
  let count = 0;
  const start = process.hrtime.bigint();
  let now = start;
  do {
    sink += once();
    count += nodes.length;
    now = process.hrtime.bigint();
  } while (now < end);
  return (count * 1e9) / Number(now - start);
};
const encodeAll = () => {
  let s = 0;
  for (const n of nodes) s += encodeBinaryNode(n).length;
  return s;
};
const decodeAll = () => {
  let s = 0;
  for (const b of bodies) s += decodeDecompressedBinaryNode(b, constants).tag.length;
  return s;
};

const warmups = Number(warmupsArg);
const iterations = Number(iterationsArg);
const ms = Number(secondsArg) * 1000;
for (const [name, fn] of [['encode', encodeAll], ['decode', decodeAll]]) {
  for (let i = 0; i < warmups; i++) run(name, ms, fn);
  const scores = [];
  for (let i = 0; i < iterations; i++) scores.push(run(name, ms, fn));
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  console.log(`baileys ${name} ${mean.toFixed(1)} ${scores.map((s) => s.toFixed(0)).join(',')}`);
}
console.log(`corpus nodes=${nodes.length} bytes=${total} sink=${sink > 0}`);
