/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time, and
 * self time grouped by where the code lives (an npm package, Node internals, our own source).
 * Standalone: `node dist/gateway/bench/proxy/cpu-profile.js <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of samples where the process was idle (waiting in epoll). */
  idleShare: number;
  functions: SelfTime[];
  places: SelfTime[];
}

function place(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /dist\/gateway\/(.+)$/.exec(url);
  return ours ? ours[1].replace(/\/[^/]+$/, '/') : url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*dist\/gateway\//, '');
}

/** Self time per function and per place, largest first, from a parsed profile. */
export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const where = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idle += us;
    const key = url ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}` : functionName || '(anonymous)';
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = place(url, functionName);
    where.set(p, (where.get(p) ?? 0) + us);
  });
  const busy = total - idle;
  const rank = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / Math.max(1, busy) }));
  return { totalMs: total / 1000, idleShare: idle / Math.max(1, total), functions: rank(fn), places: rank(where) };
}

export function formatProfile(s: ProfileSummary): string {
  const row = (t: SelfTime) => `${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`;
  return [
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.idleShare * 100).toFixed(0)}% idle; shares below are of busy time`,
    'self time by function:',
    ...s.functions.map(row),
    'self time by place:',
    ...s.places.map(row),
  ].join('\n');
}

export function summariseProfileFile(file: string, top = 25): ProfileSummary {
  return summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node cpu-profile.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfile(summariseProfileFile(file, Number(process.argv[3] ?? 25)))}\n`);
}
