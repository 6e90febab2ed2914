// Differential check: random nodes encoded and decoded by Baileys' WABinary codec, one JSON line
// per node: {node, encoded, decoded} (decoded = Baileys' decodeDecompressedBinaryNode result, or
// "ERR message"). Usage: node codec-diff.mjs <baileys package dir> [count] [seed]
// JIDs on hosted / msgr / interop servers are left out on purpose: there we follow the dossier
// (whatsmeow), not Baileys 6.7.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
const [, , pkgDir, countArg, seedArg] = process.argv;
const lib = (f) => pathToFileURL(path.join(pkgDir, 'lib', 'WABinary', f)).href;
const { encodeBinaryNode } = await import(lib('encode.js'));
const { decodeDecompressedBinaryNode } = await import(lib('decode.js'));
const constants = await import(lib('constants.js'));
let seed = Number(seedArg || 12345);
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const pick = (a) => a[rnd(a.length)];
const digits = (n) => Array.from({length: n}, () => String(rnd(10))).join('');
const toks = ['iq','id','type','get','set','result','to','from','message','receipt','participant','s.whatsapp.net','g.us','lid','status','broadcast','read-self','pair-device','ref','skey','active','passive','failure','reason','', 'xmlns', 'w:p', 'enc', 'v', '2'];
const str = () => {
  switch (rnd(14)) {
    case 0: return pick(toks);
    case 1: return digits(1 + rnd(20)) + (rnd(2) ? '.' + digits(3) : '') + (rnd(2) ? '-' + digits(2) : '');
    case 2: return Array.from({length: 1 + rnd(30)}, () => '0123456789ABCDEF'[rnd(16)]).join('');
    case 3: return Array.from({length: 1 + rnd(30)}, () => '0123456789abcdef'[rnd(16)]).join('');
    case 4: return digits(8 + rnd(8)) + '@s.whatsapp.net';
    case 5: return digits(8 + rnd(8)) + ':' + rnd(100) + '@s.whatsapp.net';
    case 6: return digits(15) + (rnd(2) ? ':' + rnd(30) : '') + '@lid';
    case 7: return pick(['@s.whatsapp.net', '@g.us', 'status@broadcast', '@broadcast', 's.whatsapp.net', '@lid', '@newsletter', '@c.us', '@call', '@bot']);
    case 8: return digits(18) + '@' + pick(['g.us', 'newsletter', 'c.us', 'broadcast', 'bot', 'call']);
    case 9: return digits(12) + '-' + digits(10) + '@g.us';
    case 10: return 'hello ' + digits(rnd(5)) + ' wörld ' + (rnd(2) ? '👋' : '') + 'x'.repeat(rnd(3) * 100);
    case 11: return pick(['', 'abc', 'Hello', 'a-b.c', '3EB0' + digits(16), 'true', 'false', 'msgr', 'interop',
      digits(12) + '_1:' + rnd(9) + '@s.whatsapp.net', digits(12) + ':0@s.whatsapp.net', digits(12) + ':0@lid',
      'foo+bar@example.com', 'server@c.us', '0@c.us', '16505361212@c.us', digits(15) + '@bot']);
    case 12: return digits(1 + rnd(140));
    default: return 'x'.repeat(rnd(300)) + digits(2);
  }
};
const node = (depth) => {
  const attrs = {};
  const n = rnd(6);
  for (let i = 0; i < n; i++) attrs[pick(toks.filter((t) => t)) + (rnd(3) ? '' : 'x')] = str();
  let content;
  const k = rnd(depth > 0 ? 5 : 4);
  if (k === 1) content = str();
  else if (k === 2) content = Buffer.from(Array.from({length: rnd(300)}, () => rnd(256)));
  else if (k === 3 && depth === 0) content = undefined;
  else if (k >= 3) content = Array.from({length: rnd(4)}, () => node(depth - 1));
  return { tag: pick(toks.filter((t) => t)) + (rnd(4) ? '' : 'y'), attrs, content };
};
const toJson = (n) => ({ tag: n.tag, attrs: n.attrs, content: n.content === undefined ? null
  : Array.isArray(n.content) ? n.content.map(toJson)
  : Buffer.isBuffer(n.content) ? { bytes: n.content.toString('hex') } : { string: n.content } });
const out = [];
for (let i = 0; i < Number(countArg || 20000); i++) {
  const n = node(3);
  const enc = encodeBinaryNode(n);
  let decoded = null;
  try { decoded = toJson(decodeDecompressedBinaryNode(enc.subarray(1), constants)); } catch (e) { decoded = 'ERR ' + e.message; }
  out.push(JSON.stringify({ node: toJson(n), encoded: enc.toString('hex'), decoded }));
}
console.log(out.join('\n'));
