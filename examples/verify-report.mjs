#!/usr/bin/env node
// Verifies a CreditGraph credit report offline: `node examples/verify-report.mjs <report.json> <jwks.json>`.
//
// report.json is what GET /reports/<number>.json serves: { report, digest, signature }.
// jwks.json is the platform's /.well-known/jwks.json (fetched once, kept; keys carry a `kid`).
// Node's own crypto only (Node 18+), no package: a verifier needs nothing of ours.
//
// 1. The report's canonical form, RFC 8785 (JCS): members sorted by UTF-16 code units, no
//    whitespace, strings and numbers as JavaScript's JSON.stringify writes them.
// 2. Its SHA-256 must be `digest` (the digest printed on the PDF and asked by verifyCreditReport).
// 3. `signature` is a JWS with a detached payload, `<header>..<signature>`: Ed25519 over
//    `<header>.<base64url(canonical)>`, by the key whose `kid` the header names.
// Exit code 0: genuine; 1: not; 2: bad usage.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [reportFile, jwksFile] = process.argv.slice(2);
if (!reportFile || !jwksFile) {
  console.error('usage: node examples/verify-report.mjs <report.json> <jwks.json>');
  process.exit(2);
}

function jcs(v) {
  if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + jcs(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

const { report, digest, signature } = JSON.parse(readFileSync(reportFile, 'utf8'));
const { keys } = JSON.parse(readFileSync(jwksFile, 'utf8'));
const canonical = jcs(report);
const problems = [];

const actual = createHash('sha256').update(canonical, 'utf8').digest('hex');
if (actual !== digest) problems.push(`digest: the report hashes to ${actual}, not ${digest}`);

const [header, payload, sig] = String(signature).split('.');
const { alg, kid } = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8'));
const jwk = keys.find((k) => k.kid === kid);
if (payload !== '' || alg !== 'EdDSA') problems.push('signature: not a detached EdDSA JWS');
else if (!jwk) problems.push(`signature: no key "${kid}" in the JWKS`);
else {
  const input = Buffer.from(`${header}.${Buffer.from(canonical, 'utf8').toString('base64url')}`);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  if (!verify(null, input, key, Buffer.from(sig, 'base64url'))) problems.push(`signature: does not verify with key "${kid}"`);
}

if (problems.length) {
  console.log(`NOT GENUINE: ${report?.number ?? '(no number)'}`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
console.log(`GENUINE: report ${report.number}, issued ${report.issuedAt}, subject ${report.subject.name} (${report.subject.id}),`);
console.log(`  digest ${digest}, signed by key "${kid}".`);
console.log('  Whether it is still current: verifyCreditReport(number, digest) on the platform.');
