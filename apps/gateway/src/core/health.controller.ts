import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { HealthResponse } from '@switchyard/contracts';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { Lifecycle } from './lifecycle';

/**
 * `/health` stays 200 while the process can serve: with the database down the gateway still proxies
 * from its in-memory snapshot, so a load balancer must not drop it ('degraded').
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get()
  async health(): Promise<HealthResponse> {
    const database = (await this.databaseUp()) ? 'up' : 'down';
    return { status: database === 'up' ? 'ok' : 'degraded', database };
  }

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 503 while shutting down, so the load balancer stops sending new calls before we drain. */
  @Get('ready')
  async ready(): Promise<HealthResponse> {
    if (this.lifecycle.shuttingDown) throw new ServiceUnavailableException('Shutting down');
    return this.health();
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }
}
