/**
 * Where a gateway's CPU went: reads a V8 `.cpuprofile` (`npm run bench -- --profile` writes one per
 * gateway process) and lists the top frames by self time, and self time per package (or file of
 * ours). `tsx bench/profile.ts <file.cpuprofile> [top]` prints the same for any profile.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Frame { name: string; where: string; selfMs: number; share: number }

/** `node_modules/@apollo/gateway/…` → `@apollo/gateway`; our files keep their path from the root. */
function owner(url: string): string {
  if (!url) return '(native / V8)';
  const path = url.replace(/^file:\/\//, '');
  const i = path.lastIndexOf('node_modules/');
  if (i >= 0) return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.slice(i))![1]!;
  if (path.startsWith('node:')) return path;
  const m = /\/(bench|gateway|lib|subgraphs|prisma|scripts)\/(.*)$/.exec(path);
  return m ? `${m[1]}/${m[2]}` : path;
}

/**
 * `windows`: only samples inside these intervals of the monotonic clock (µs; V8 profiles and
 * `process.hrtime` share it), e.g. the measured runs, leaving out start-up and warm-up.
 */
export function summarizeProfile(file: string, top = 25, windows?: Array<[number, number]>): { total: number; frames: Frame[]; owners: Array<{ owner: string; selfMs: number; share: number }> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (windows && !windows.some(([a, b]) => t >= a && t <= b)) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  let total = 0;
  const frames = new Map<string, Frame>();
  const owners = new Map<string, number>();
  for (const [id, micros] of self) {
    const n = byId.get(id)!;
    const ms = micros / 1000;
    total += ms;
    const name = n.callFrame.functionName || '(anonymous)';
    const where = n.callFrame.url ? `${owner(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : owner('');
    const key = `${name}@${where}`;
    const f = frames.get(key) ?? { name, where, selfMs: 0, share: 0 };
    f.selfMs += ms;
    frames.set(key, f);
    const o = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : owner(n.callFrame.url);
    owners.set(o, (owners.get(o) ?? 0) + ms);
  }
  const list = [...frames.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of list) f.share = f.selfMs / total;
  return {
    total,
    frames: list,
    owners: [...owners.entries()].map(([o, ms]) => ({ owner: o, selfMs: ms, share: ms / total })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}

export function printProfile(file: string, top = 25, windows?: Array<[number, number]>): string {
  const s = summarizeProfile(file, top, windows);
  const lines = [`profile ${file}: ${(s.total / 1000).toFixed(1)} s sampled${windows ? ' in the measured runs' : ''}`, '  by package / file (self time):'];
  for (const o of s.owners) lines.push(`    ${(o.share * 100).toFixed(1).padStart(5)}%  ${o.owner}`);
  lines.push('  top frames (self time):');
  for (const f of s.frames) lines.push(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(printProfile(file, top ? Number(top) : 25));
}
