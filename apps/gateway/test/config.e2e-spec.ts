import type { SettingSchema } from '@switchyard/contracts';
import request from 'supertest';
import { ConfigurationService } from '../src/configuration/configuration.service';
import { AdminClient, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

const DEFAULTS = { logRetentionDays: 30, logRequestBodies: false, defaultRateLimitRpm: 0, maxRequestBodyMb: 20 };

describe('/api/config (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.truncate('configuration');
    await t.app.get(ConfigurationService).reload();
  });

  async function storedRows(): Promise<{ key: string; value: unknown }[]> {
    return t.dataSource.query('SELECT key, value FROM configuration ORDER BY key');
  }

  function expectBadRequest(res: request.Response, field: string): void {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toMatch(new RegExp(`\\b${field}\\b`));
  }

  describe('GET /api/config', () => {
    it('returns every setting with its default filled in', async () => {
      const res = await admin.get('/api/config');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(DEFAULTS);
      const schema = (await admin.get('/api/config/schema')).body as SettingSchema[];
      expect(Object.keys(res.body).sort()).toEqual(schema.map((s) => s.key).sort());
      for (const s of schema) expect({ key: s.key, value: res.body[s.key] }).toEqual({ key: s.key, value: s.default });
    });
  });

  describe('GET /api/config/schema', () => {
    it('lists each setting with its type, default, bounds and description', async () => {
      const res = await admin.get('/api/config/schema');
      expect(res.status).toBe(200);
      const byKey = new Map((res.body as SettingSchema[]).map((s) => [s.key, s]));
      expect(byKey.get('logRetentionDays')).toMatchObject({ type: 'integer', default: 30, min: 1, max: 3650 });
      expect(byKey.get('logRequestBodies')).toMatchObject({ type: 'boolean', default: false });
      expect(byKey.get('defaultRateLimitRpm')).toMatchObject({ type: 'integer', default: 0, min: 0 });
      expect(byKey.get('maxRequestBodyMb')).toMatchObject({ type: 'integer', default: 20, min: 1 });
      for (const s of byKey.values()) {
        expect(['integer', 'number', 'boolean', 'string']).toContain(s.type);
        expect(s.description).toEqual(expect.stringMatching(/\w{3,}/));
        if (s.type === 'integer' || s.type === 'number') {
          expect(typeof s.default).toBe('number');
          if (s.min !== undefined) expect(s.default).toBeGreaterThanOrEqual(s.min);
          if (s.max !== undefined) expect(s.default).toBeLessThanOrEqual(s.max);
        } else {
          expect(typeof s.default).toBe(s.type);
        }
      }
    });
  });

  describe('PUT /api/config/:key', () => {
    it('answers 200 with the whole config and the change is visible and in effect at once', async () => {
      const res = await admin.put('/api/config/logRetentionDays', { value: 7 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...DEFAULTS, logRetentionDays: 7 });
      expect((await admin.get('/api/config')).body).toMatchObject({ ...DEFAULTS, logRetentionDays: 7 });
      expect(t.app.get(ConfigurationService).get('logRetentionDays')).toBe(7);
      expect(await storedRows()).toEqual([{ key: 'logRetentionDays', value: 7 }]);
    });

    it('sets booleans, accepts the bounds themselves and overwrites an earlier value', async () => {
      expect((await admin.put('/api/config/logRequestBodies', { value: true })).status).toBe(200);
      expect((await admin.put('/api/config/maxRequestBodyMb', { value: 1 })).status).toBe(200);
      expect((await admin.put('/api/config/maxRequestBodyMb', { value: 512 })).status).toBe(200);
      expect((await admin.put('/api/config/defaultRateLimitRpm', { value: 0 })).status).toBe(200);
      expect((await admin.get('/api/config')).body).toMatchObject({
        logRequestBodies: true,
        maxRequestBodyMb: 512,
        defaultRateLimitRpm: 0,
      });
      expect(await storedRows()).toHaveLength(3);
    });

    it('answers 400 naming the key for an unknown setting', async () => {
      const res = await admin.put('/api/config/noSuchSetting', { value: 1 });
      expectBadRequest(res, 'noSuchSetting');
      expect(await storedRows()).toEqual([]);
    });

    const badValues: [string, string, Record<string, unknown>, string][] = [
      ['a string for a number', 'logRetentionDays', { value: '10' }, 'logRetentionDays'],
      ['a fraction for an integer', 'logRetentionDays', { value: 1.5 }, 'logRetentionDays'],
      ['a value below the minimum', 'logRetentionDays', { value: 0 }, 'logRetentionDays'],
      ['a value above the maximum', 'maxRequestBodyMb', { value: 513 }, 'maxRequestBodyMb'],
      ['a negative limit', 'defaultRateLimitRpm', { value: -1 }, 'defaultRateLimitRpm'],
      ['a string for a boolean', 'logRequestBodies', { value: 'true' }, 'logRequestBodies'],
      ['a number for a boolean', 'logRequestBodies', { value: 1 }, 'logRequestBodies'],
      ['an object', 'logRetentionDays', { value: { days: 10 } }, 'logRetentionDays'],
      ['a missing value', 'logRetentionDays', {}, 'value'],
      ['a null value', 'logRetentionDays', { value: null }, 'value'],
      ['an extra field', 'logRetentionDays', { value: 10, note: 'x' }, 'note'],
    ];

    it.each(badValues)('answers 400 to %s and keeps the old value', async (_label, key, body, field) => {
      expectBadRequest(await admin.put(`/api/config/${key}`, body), field);
      expect((await admin.get('/api/config')).body).toMatchObject(DEFAULTS);
      expect(await storedRows()).toEqual([]);
    });
  });

  describe('persistence', () => {
    it('keeps a value across a reload from the database', async () => {
      expect((await admin.put('/api/config/logRetentionDays', { value: 90 })).status).toBe(200);
      expect((await admin.put('/api/config/logRequestBodies', { value: true })).status).toBe(200);
      await t.app.get(ConfigurationService).reload();
      expect((await admin.get('/api/config')).body).toMatchObject({ ...DEFAULTS, logRetentionDays: 90, logRequestBodies: true });
    });

    it('reload really reads the database: rows removed behind its back fall back to the defaults', async () => {
      expect((await admin.put('/api/config/logRetentionDays', { value: 90 })).status).toBe(200);
      await t.truncate('configuration');
      await t.app.get(ConfigurationService).reload();
      expect((await admin.get('/api/config')).body).toMatchObject(DEFAULTS);
    });

    it('ignores a stored value that no longer fits the schema and uses the default', async () => {
      await t.dataSource.query(`INSERT INTO configuration (key, value) VALUES ('maxRequestBodyMb', '"huge"'::jsonb)`);
      await t.app.get(ConfigurationService).reload();
      expect((await admin.get('/api/config')).body).toMatchObject(DEFAULTS);
    });
  });

  describe('access', () => {
    it('answers 401 to anonymous calls, even with a valid CSRF pair', async () => {
      const anon = request.agent(t.server);
      const res = await anon.get('/api/config');
      expect(res.status).toBe(401);
      expect((await anon.get('/api/config/schema')).status).toBe(401);
      const token = cookieValue(res, 'XSRF-TOKEN');
      expect(token).toBeDefined();
      const put = await anon.put('/api/config/logRetentionDays').set('X-XSRF-TOKEN', token!).send({ value: 5 });
      expect(put.status).toBe(401);
      expect(await storedRows()).toEqual([]);
    });

    it('answers 403 to a PUT without the CSRF header and changes nothing', async () => {
      const res = await admin.agent.put('/api/config/logRetentionDays').send({ value: 5 });
      expect(res.status).toBe(403);
      expect((await admin.get('/api/config')).body).toMatchObject(DEFAULTS);
      expect(await storedRows()).toEqual([]);
    });
  });
});
