import request from 'supertest';
import { startTestGateway, TestGateway } from './support/test-gateway';

describe('health (e2e)', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t.close();
  });

  it('GET /health reports ok with the database up, without a session', async () => {
    const res = await request(t.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('GET /health/live and /health/ready answer 200', async () => {
    expect((await request(t.server).get('/health/live')).status).toBe(200);
    expect((await request(t.server).get('/health/ready')).status).toBe(200);
  });

  it('answers unknown /api routes with a JSON 404, never the admin app', async () => {
    const res = await request(t.server).get('/api/nope').set('Cookie', '');
    expect([401, 404]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
