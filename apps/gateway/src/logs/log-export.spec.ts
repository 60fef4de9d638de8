import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { csvFormatter, exportFileName, jsonlFormatter } from './log-export.service';
import { toRequestLogItem } from './log-mapper';
import { EXPORT_SELECT, toExportItem } from './logs.service';
import { RequestLogEntity } from './request-log.entity';

const entity: RequestLogEntity = {
  id: '42',
  requestId: 'req-1',
  createdAt: new Date('2025-06-01T12:00:00.123Z'),
  userId: '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11',
  model: 'gpt-4o',
  apiId: null,
  upstreamModel: 'gpt-4o-2024-08-06',
  endpoint: '/v1/chat/completions',
  statusCode: 500,
  stream: true,
  latencyMs: 12,
  ttftMs: null,
  promptTokens: 1,
  completionTokens: 2,
  totalTokens: 3,
  usageSource: 'upstream',
  costUsd: 0.00042,
  errorType: 'upstream_error',
  errorMessage: '=HYPERLINK("http://evil")',
  clientIp: '10.0.0.1',
};

const run = (formatter: NodeJS.ReadWriteStream, items: unknown[]) => text(Readable.from(items).pipe(formatter));

describe('log export format', () => {
  it('exports the RequestLogItem fields in the contract order, converted like the list', () => {
    const item = toRequestLogItem(entity);
    expect(EXPORT_SELECT.map(([, field]) => field)).toEqual(Object.keys(item));
    const raw = { ...item, id: '42', createdAt: entity.createdAt, costUsd: '0.00042000' };
    expect(toExportItem(raw)).toEqual(item);
    expect(toExportItem({ ...raw, costUsd: null }).costUsd).toBeNull();
  });

  it('writes CSV with a header, true/false, empty cells for null, and quotes where needed', async () => {
    const item = { ...toRequestLogItem(entity), errorMessage: 'a "quoted", multi\nline text' };
    const csv = await run(csvFormatter(), [item]);
    const [header, ...rest] = csv.split('\n');
    expect(header).toBe(EXPORT_SELECT.map(([, field]) => field).join(','));
    expect(rest.join('\n')).toBe(
      '42,req-1,2025-06-01T12:00:00.123Z,3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11,gpt-4o,,gpt-4o-2024-08-06,/v1/chat/completions,' +
        '500,true,12,,1,2,3,upstream,0.00042,upstream_error,"a ""quoted"", multi\nline text"\n',
    );
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])(
    'prefixes a string cell starting like a formula (%j) with a quote',
    async (text) => {
      const csv = await run(csvFormatter(), [{ ...toRequestLogItem(entity), model: text, errorMessage: null }]);
      const cells = csv.split('\n')[1];
      expect(cells).toContain(`'${text}`);
    },
  );

  it('leaves a negative number a number', async () => {
    const csv = await run(csvFormatter(), [{ ...toRequestLogItem(entity), costUsd: -0.5, errorMessage: null }]);
    expect(csv.split('\n')[1]).toContain(',-0.5,');
  });

  it('writes JSONL: one object per line', async () => {
    const item = toRequestLogItem(entity);
    const jsonl = await run(jsonlFormatter(), [item, { ...item, id: '41' }]);
    expect(jsonl.split('\n')).toEqual([JSON.stringify(item), JSON.stringify({ ...item, id: '41' }), '']);
  });

  it('names the file after the UTC time, without characters file systems refuse', () => {
    expect(exportFileName('csv', new Date('2025-06-01T12:03:04.567Z'))).toBe('switchyard-logs-20250601T120304Z.csv');
    expect(exportFileName('jsonl', new Date('2025-06-01T12:03:04.567Z'))).toBe('switchyard-logs-20250601T120304Z.jsonl');
  });
});
