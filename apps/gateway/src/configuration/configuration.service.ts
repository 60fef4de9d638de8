import { BadRequestException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConfigResponse, SettingSchema, SettingValue } from '@switchyard/contracts';
import { In, Repository } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { ChangeBus } from '../core/change-bus';
import { SettingEntity } from './setting.entity';
import { defaultSettings, SETTINGS, settingProblem, settingSchema, Settings } from './settings.registry';

/**
 * Live settings. Reads come from memory (the proxy reads them on every request); writes go to the
 * database first and then replace the in-memory copy, so a change applies to the next request.
 */
@Injectable()
export class ConfigurationService implements OnModuleInit {
  private readonly logger = new Logger(ConfigurationService.name);
  private current: Settings = defaultSettings();

  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {
    changes.subscribe((topic) => (topic === 'config' ? this.reload() : Promise.resolve()));
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  /** Re-reads every setting from the database (boot, and when another instance announces a change). */
  async reload(): Promise<void> {
    const rows = await this.settings.findBy({ key: In(SETTINGS.map((s) => s.key)) });
    const next = defaultSettings() as Record<string, SettingValue>;
    for (const row of rows) {
      const schema = settingSchema(row.key);
      if (schema && settingProblem(schema, row.value) === null) next[row.key] = row.value as SettingValue;
      else this.logger.warn(`ignoring stored value of setting ${row.key}: it no longer fits its schema`);
    }
    this.current = next as Settings;
  }

  get<K extends keyof Settings>(key: K): Settings[K] {
    return this.current[key];
  }

  getAll(): ConfigResponse {
    return { ...this.current };
  }

  schema(): SettingSchema[] {
    return SETTINGS.map((s) => ({ ...s }));
  }

  async set(key: string, value: unknown, actor: AuditActor | null): Promise<ConfigResponse> {
    const schema = settingSchema(key);
    if (!schema) throw new BadRequestException(`Unknown setting: ${key}`);
    const problem = settingProblem(schema, value);
    if (problem) throw new BadRequestException(problem);
    const before = (this.current as Record<string, unknown>)[key];
    await this.settings.upsert({ key, value: value as SettingValue }, ['key']);
    this.current = { ...this.current, [key]: value };
    this.logger.log(`setting ${key} changed`);
    await this.changes.announce('config');
    await this.audit.record('config.update', { type: 'setting', id: key }, { value: before }, { value }, actor);
    return this.getAll();
  }
}
