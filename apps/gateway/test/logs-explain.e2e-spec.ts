import { ListLogsQuery } from '../src/logs/dto/list-logs.query';
import { LogsService } from '../src/logs/logs.service';
import { startTestGateway, TestGateway } from './support/test-gateway';

/** The user, model and status picked below are each about 1% of the rows, as a long tail would be. */
const RARE_USER = '00000000-0000-4000-8000-000000000007';
const SEED_ROWS = 20_000;

/**
 * ~20k rows over the last week with a realistic skew: a few heavy users and models and a long tail,
 * mostly 200s, errors with messages. One statement, so seeding takes well under a second.
 */
const SEED = `
  INSERT INTO request_logs (request_id, created_at, user_id, model, api_id, endpoint, status_code, stream, latency_ms, error_message)
  SELECT 'seed-' || g,
         now() - g * interval '30 seconds',
         ('00000000-0000-4000-8000-' || lpad((CASE WHEN g % 100 = 7 THEN 7 ELSE g % 5 END)::text, 12, '0'))::uuid,
         CASE WHEN g % 100 = 3 THEN 'o3' WHEN g % 10 < 6 THEN 'gpt-4o-mini' WHEN g % 10 < 9 THEN 'gpt-4o' ELSE 'claude-sonnet' END,
         ('10000000-0000-4000-8000-' || lpad((CASE WHEN g % 100 = 11 THEN 9 ELSE g % 3 END)::text, 12, '0'))::uuid,
         '/v1/chat/completions',
         CASE WHEN g % 100 = 50 THEN 500 WHEN g % 100 = 51 THEN 429 WHEN g % 50 = 25 THEN 499 WHEN g % 2000 = 1234 THEN 502 ELSE 200 END,
         g % 2 = 0,
         50 + g % 900,
         CASE WHEN g % 100 = 50 THEN 'upstream timeout after 30 s' WHEN g % 100 = 51 THEN 'rate limit exceeded'
              WHEN g % 50 = 25 THEN 'client closed the connection' WHEN g % 2000 = 1234 THEN 'TLS certificate verify failed' END
  FROM generate_series(1, ${SEED_ROWS}) AS g`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('log queries use their indexes (e2e)', () => {
  let t: TestGateway;
  let logs: LogsService;

  beforeAll(async () => {
    t = await startTestGateway();
    logs = t.app.get(LogsService);
    await t.dataSource.query(SEED);
    await t.dataSource.query('ANALYZE request_logs');
  });

  afterAll(async () => {
    await t.close();
  });

  /** EXPLAIN of exactly the SQL and parameters LogsService.list() sends for this query. */
  async function scans(query: Partial<ListLogsQuery>): Promise<string[]> {
    const [sql, params] = logs.listQuery(query).getQueryAndParameters();
    const [row] = await t.dataSource.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return nodes(row['QUERY PLAN'][0].Plan)
      .filter((n) => /Scan/.test(n['Node Type']))
      .map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`.trim());
  }

  const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  it('seeded what the plans assume', async () => {
    const [counts] = await t.dataSource.query<{ total: number; rare_user: number; rare_model: number; errors: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE user_id = $1)::int AS rare_user,
              count(*) FILTER (WHERE model = 'o3')::int AS rare_model, count(*) FILTER (WHERE status_code = 500)::int AS errors
       FROM request_logs`,
      [RARE_USER],
    );
    expect(counts).toEqual({ total: SEED_ROWS, rare_user: 200, rare_model: 200, errors: 200 });
    const [trgm] = await t.dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_request_logs_error_message_trgm'",
    );
    expect(trgm.n).toBe(1);
  });

  it.each<[string, Partial<ListLogsQuery>, RegExp]>([
    ['no filter', {}, /^Index Scan( Backward)? idx_request_logs_created$/],
    ['a time window', { from: hourAgo(49), to: hourAgo(48) }, /^Index Scan( Backward)? idx_request_logs_created$/],
    ['a user', { userId: RARE_USER }, /^(Bitmap )?Index Scan( Backward)? idx_request_logs_user_created$/],
    ['a user and a time window', { userId: RARE_USER, from: hourAgo(72), to: hourAgo(24) }, /idx_request_logs_user_created$/],
    ['a model', { model: 'o3' }, /^(Bitmap )?Index Scan( Backward)? idx_request_logs_model_created$/],
    ['a status', { status: '500' }, /^(Bitmap )?Index Scan( Backward)? idx_request_logs_status_created$/],
    ['a status class', { status: '5xx' }, /^(Bitmap )?Index Scan( Backward)? idx_request_logs_status_created$/],
    ['an API', { apiId: '10000000-0000-4000-8000-000000000009' }, /^(Bitmap )?Index Scan( Backward)? idx_request_logs_api_created$/],
    // A rare text (10 rows): the trigram index. A common one is found sooner walking created_at (below).
    ['a text search', { q: 'Certificate' }, /^Bitmap Index Scan idx_request_logs_error_message_trgm$/],
  ])('serves %s from the expected index', async (_what, query, expected) => {
    const used = await scans({ limit: 50, ...query });
    expect(used).toContainEqual(expect.stringMatching(expected));
    expect(used).not.toContainEqual(expect.stringMatching(/^Seq Scan/));
  });

  it.each<[string, Partial<ListLogsQuery>]>([
    ['a frequent model', { model: 'gpt-4o-mini' }],
    ['stream', { stream: true }],
    ['2xx', { status: '2xx' }],
    // 200 is left out of the (partial) status index: most rows have it, so the time index serves it.
    ['200', { status: '200' }],
    ['a common text', { q: 'timeout' }],
    ['everything at once', { userId: RARE_USER, model: 'gpt-4o', status: '2xx', stream: false, from: hourAgo(100), to: hourAgo(1) }],
    ['a later page', { model: 'o3', cursor: Buffer.from(`${hourAgo(30).replace(/\.\d+Z$/, 'Z')}|5000`).toString('base64url') }],
  ])('never scans the whole table for %s', async (_what, query) => {
    const used = await scans({ limit: 50, ...query });
    expect(used.length).toBeGreaterThan(0);
    expect(used).not.toContainEqual(expect.stringMatching(/^Seq Scan/));
  });
});
