/** A signed-in admin over plain fetch, and the timing helpers of the benchmark. */
export class AdminSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookies: string,
    private readonly csrfToken: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<AdminSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const jar = new Map(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
    const csrf = jar.get('XSRF-TOKEN');
    if (!csrf) throw new Error('login set no XSRF-TOKEN cookie');
    const cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    return new AdminSession(baseUrl, cookies, decodeURIComponent(csrf));
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookies } });
  }

  async post<T>(path: string, body: object): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookies, 'x-xsrf-token': this.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async json<T>(path: string): Promise<T> {
    const res = await this.get(path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

export interface Timing {
  label: string;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
  note?: string;
}

/** The q-quantile of sorted samples (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Times `runs` sequential GETs (after `warmup` untimed ones), each until the whole body has arrived. */
export async function timeGet(session: AdminSession, label: string, path: string, runs = 20, warmup = 3): Promise<Timing> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warmup + runs; i++) {
    const started = performance.now();
    const res = await session.get(path);
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) return { label, p50: NaN, p95: NaN, max: NaN, bytes: 0, note: `HTTP ${res.status}: ${body.slice(0, 80)}` };
    bytes = body.length;
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { label, p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), max: samples[samples.length - 1], bytes };
}

export function printTable(title: string, rows: readonly Timing[]): void {
  const fmt = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(1).padStart(7));
  const width = Math.max(...rows.map((r) => r.label.length), 10);
  const lines = [
    title,
    `${'request'.padEnd(width)}   p50 ms   p95 ms   max ms   bytes`,
    ...rows.map(
      (r) =>
        `${r.label.padEnd(width)}  ${fmt(r.p50)}  ${fmt(r.p95)}  ${fmt(r.max)}  ${String(r.bytes).padStart(6)}${r.note ? `  ${r.note}` : ''}`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
