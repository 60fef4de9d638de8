import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Heap flags an operator may have chosen: then theirs apply, not ours. */
const OPERATOR_HEAP_FLAG = /--(?:max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|heap[-_]growing[-_]percent)\b/;
/** V8 lets the old generation grow up to 4× what survived a full collection once its limit is this big. */
const LARGE_HEAP_LIMIT = 2 * 1024 ** 3;

export interface HeapSettings {
  execArgv: readonly string[];
  nodeOptions: string;
  heapSizeLimit: number;
}

/**
 * The V8 flag that holds the old generation to 2.5× what survived the last full collection, or null
 * to leave V8's own choice. With a heap limit of 2 GiB or more (4 GiB on this project's 24 GiB
 * machines; V8 sizes it from the host's memory) V8 allows up to 4× (`MaxGrowingFactor`; below that
 * limit at most ~2×). Under proxy load about 40 MB survive a full collection and V8 let the old space
 * reach 160-180 MB before the next: A/B of two gateways under the same load (c=50,
 * docs/performance.md) measured peak RSS 221-275 MiB with V8's choice, 193-215 MiB with 2.5× for the
 * same CPU per call, and 181-185 MiB with 2× for ~7 % more. Operators' own heap flags win.
 */
export function heapGrowthFlag({ execArgv, nodeOptions, heapSizeLimit }: HeapSettings): string | null {
  if (OPERATOR_HEAP_FLAG.test(execArgv.join(' ')) || OPERATOR_HEAP_FLAG.test(nodeOptions)) return null;
  return heapSizeLimit >= LARGE_HEAP_LIMIT ? '--heap-growing-percent=150' : null;
}

/**
 * Applies {@link heapGrowthFlag} to this process. V8 reads this flag at every full collection, so
 * setting it once the process runs takes effect (unlike the heap size limits, fixed at start-up).
 */
export function limitHeapGrowth(): string | null {
  const flag = heapGrowthFlag({
    execArgv: process.execArgv,
    nodeOptions: process.env.NODE_OPTIONS ?? '',
    heapSizeLimit: getHeapStatistics().heap_size_limit,
  });
  if (flag) setFlagsFromString(flag);
  return flag;
}
