import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestGateway, TestGateway } from './support/test-gateway';

describe('first admin without ADMIN_USERNAME/ADMIN_PASSWORD (e2e)', () => {
  let t: TestGateway;
  let stdout: string;

  beforeAll(async () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      t = await startTestGateway({ ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
    } finally {
      spy.mockRestore();
    }
    stdout = writes.join('');
  });

  afterAll(async () => {
    await t.close();
  });

  it('generates a strong password, prints it once and writes it to DATA_DIR/initial-admin-password (0600)', async () => {
    const file = path.join(t.dataDir, 'initial-admin-password');
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    const password = (await fs.readFile(file, 'utf8')).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(stdout.split(password).length - 1).toBe(1);

    const login = await request(t.server).post('/api/auth/login').send({ username: 'admin', password });
    expect(login.status).toBe(200);
  });

  it('has no default password', async () => {
    for (const password of ['admin', 'password', 'changeme', '']) {
      const res = await request(t.server).post('/api/auth/login').send({ username: 'admin', password });
      expect(res.status).not.toBe(200);
    }
  });
});
