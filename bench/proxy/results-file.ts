import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST_ROOT } from './gateway-process';

export const REPO_ROOT = path.resolve(DIST_ROOT, '..', '..');

/** The machine a result came from. */
export function machineInfo(): { cpus: number; cpuModel: string | null; node: string; platform: string } {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, platform: `${os.type()} ${os.release()}` };
}

/**
 * Writes `json` to bench/results/<timestamp><suffix>.json (git-ignored), numbers rounded to 3
 * decimals; returns its path relative to the repository and the timestamp used.
 */
export async function writeResultsFile(suffix: string, json: object): Promise<{ file: string; stamp: string }> {
  const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
  await fs.mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${stamp}${suffix}.json`);
  await fs.writeFile(file, JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2) + '\n');
  return { file: path.relative(REPO_ROOT, file), stamp };
}
