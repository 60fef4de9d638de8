import { INestApplication } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { HealthController } from './health.controller';
import { Lifecycle } from './lifecycle';

/** The health routes against a database that is up or refuses every query. */
describe('HealthController', () => {
  let app: INestApplication;
  let databaseUp = true;

  beforeAll(async () => {
    const dataSource = {
      options: { type: 'postgres' },
      query: () => (databaseUp ? Promise.resolve([{ '?column?': 1 }]) : Promise.reject(new Error('connect ECONNREFUSED'))),
    };
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [Lifecycle, { provide: getDataSourceToken(), useValue: dataSource }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    databaseUp = true;
    app.get(Lifecycle).shuttingDown = false;
  });

  it('answers 200 everywhere when all is well', async () => {
    expect((await request(app.getHttpServer()).get('/health')).body).toEqual({ status: 'ok', database: 'up' });
    const live = await request(app.getHttpServer()).get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up', pid: process.pid } } });
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { lifecycle: { status: 'up' }, database: { status: 'up' } } });
  });

  it('stays ready (200, degraded) with the database down, since /v1 still serves', async () => {
    databaseUp = false;
    expect((await request(app.getHttpServer()).get('/health')).body).toEqual({ status: 'degraded', database: 'down' });
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', details: { database: { status: 'degraded', connection: 'down' } } });
    expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });

  it('is not ready (503) while shutting down, and still live', async () => {
    app.get(Lifecycle).shuttingDown = true;
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { lifecycle: { status: 'down', message: 'shutting down' } } });
    expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});
