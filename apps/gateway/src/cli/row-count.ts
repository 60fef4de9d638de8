/** The row count argument of `seed:logs` and `bench` (underscores allowed: `1_000_000`). */
export function parseRowCount(arg: string | undefined, fallback = 1_000_000): number {
  if (arg === undefined) return fallback;
  const rows = Number(arg.replace(/_/g, ''));
  if (!/^[\d_]+$/.test(arg) || !Number.isInteger(rows) || rows < 1 || rows > 100_000_000) {
    throw new Error(`row count must be an integer between 1 and 100000000, not "${arg}"`);
  }
  return rows;
}

/** "123,456 rows/s" */
export function rowsPerSecond(rows: number, ms: number): string {
  return `${Math.round(rows / Math.max(ms / 1000, 0.001)).toLocaleString('en-US')} rows/s`;
}
