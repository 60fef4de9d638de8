import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogSpool } from './log-spool';

describe('LogSpool', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spool-spec-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads rows back with their dates, skips unreadable lines and dates an unreadable date now', async () => {
    const at = '2026-11-20T08:00:00.123Z';
    const lines = [
      JSON.stringify({ requestId: 'ok', createdAt: at }),
      '{"requestId": "cut sho',
      JSON.stringify({ requestId: 'bad-date', createdAt: 'not a date' }),
    ];
    await fs.writeFile(path.join(dir, 'a.jsonl'), lines.join('\n') + '\n');
    const before = Date.now();
    const rows = await new LogSpool(dir).read('a.jsonl');
    expect(rows.map((r) => r.requestId)).toEqual(['ok', 'bad-date']);
    expect(rows[0].createdAt).toEqual(new Date(at));
    expect(rows[1].createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });
});
