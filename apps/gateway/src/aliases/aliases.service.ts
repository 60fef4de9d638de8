import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AliasResponse } from '@switchyard/contracts';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode, pgErrorTable } from '../core/database-errors';
import { AuditActor, AuditService } from '../audit/audit.service';
import { ChangeBus } from '../core/change-bus';
import { RoutingAlias, toAliasResponse, toRoutingAlias } from './alias-mapper';
import { assertTargetApisExist, RequestedTarget, requestedTargets } from './alias-targets';
import { CreateAliasDto } from './dto/create-alias.dto';
import { UpdateAliasDto } from './dto/update-alias.dto';
import { ModelAliasTargetEntity } from './model-alias-target.entity';
import { ModelAliasEntity } from './model-alias.entity';

/** Model aliases: the names clients ask for, each routed to one or more upstream APIs. */
@Injectable()
export class AliasesService {
  constructor(
    @InjectRepository(ModelAliasEntity) private readonly aliases: Repository<ModelAliasEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AliasResponse[]> {
    const rows = await this.aliases.find({ relations: { targets: { api: true } }, order: { alias: 'ASC' } });
    return rows.map(toAliasResponse);
  }

  /** Every alias with its targets, for the proxy's in-memory routing snapshot. */
  async listForRouting(): Promise<RoutingAlias[]> {
    const rows = await this.aliases.find({ relations: { targets: true } });
    return rows.map(toRoutingAlias);
  }

  async get(id: string): Promise<AliasResponse> {
    const alias = await this.aliases.findOne({ where: { id }, relations: { targets: { api: true } } });
    if (!alias) throw this.notFound(id);
    return toAliasResponse(alias);
  }

  async create(dto: CreateAliasDto, actor: AuditActor | null): Promise<AliasResponse> {
    const targets = requestedTargets(dto, true)!;
    const id = await this.write(dto.alias, async (m) => {
      await this.assertAliasFree(m, dto.alias);
      await assertTargetApisExist(m, targets);
      const alias = await m.save(
        m.create(ModelAliasEntity, {
          alias: dto.alias,
          description: dto.description ?? '',
          strategy: dto.strategy ?? 'priority',
          enabled: dto.enabled ?? true,
        }),
      );
      await this.insertTargets(m, alias.id, targets);
      return alias.id;
    });
    const created = await this.get(id);
    await this.audit.record('alias.create', { type: 'alias', id }, null, created, actor);
    return created;
  }

  async update(id: string, dto: UpdateAliasDto, actor: AuditActor | null): Promise<AliasResponse> {
    const targets = requestedTargets(dto, false);
    const before = await this.get(id);
    await this.write(dto.alias, async (m) => {
      // Row lock: two concurrent target replacements must not interleave their delete and insert.
      const alias = await m.findOne(ModelAliasEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!alias) throw this.notFound(id);
      if (dto.alias !== undefined && dto.alias !== alias.alias) {
        await this.assertAliasFree(m, dto.alias);
        alias.alias = dto.alias;
      }
      if (dto.description !== undefined) alias.description = dto.description;
      if (dto.strategy !== undefined) alias.strategy = dto.strategy;
      if (dto.enabled !== undefined) alias.enabled = dto.enabled;
      await m.save(alias);
      if (targets) {
        await assertTargetApisExist(m, targets);
        await m.delete(ModelAliasTargetEntity, { aliasId: id });
        await this.insertTargets(m, id, targets);
        // A target-only change updates no alias column, yet the alias did change.
        await m.update(ModelAliasEntity, { id }, { updatedAt: () => 'CURRENT_TIMESTAMP' });
      }
      return id;
    });
    const after = await this.get(id);
    await this.audit.record('alias.update', { type: 'alias', id }, before, after, actor);
    return after;
  }

  async remove(id: string, actor: AuditActor | null): Promise<void> {
    const before = await this.get(id);
    // Targets go with it (ON DELETE CASCADE).
    const result = await this.aliases.delete({ id });
    if (!result.affected) throw this.notFound(id);
    await this.changes.announce('aliases');
    await this.audit.record('alias.delete', { type: 'alias', id }, before, null, actor);
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`alias ${id} not found`);
  }

  /** The common case answered up front; the unique constraint still decides races (see `write`). */
  private async assertAliasFree(m: EntityManager, alias: string): Promise<void> {
    if (await m.existsBy(ModelAliasEntity, { alias })) throw this.aliasTaken(alias);
  }

  private aliasTaken(alias: string | undefined): ConflictException {
    return new ConflictException(`alias "${alias}" already exists`);
  }

  private async insertTargets(m: EntityManager, aliasId: string, targets: RequestedTarget[]): Promise<void> {
    await m.insert(
      ModelAliasTargetEntity,
      targets.map((t) => ({ aliasId, apiId: t.apiId, weight: t.weight, priority: t.priority })),
    );
  }

  /**
   * Runs a write in a transaction and turns constraint violations into answers: the unique alias
   * (a concurrent insert can win after any pre-check) → 409; a target API deleted meanwhile → 400.
   */
  private async write(aliasName: string | undefined, work: (m: EntityManager) => Promise<string>): Promise<string> {
    try {
      const id = await this.dataSource.transaction(work);
      await this.changes.announce('aliases');
      return id;
    } catch (err) {
      const code = pgErrorCode(err);
      if (code === PG_UNIQUE_VIOLATION && pgErrorTable(err) === 'model_aliases') {
        throw this.aliasTaken(aliasName);
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) throw new BadRequestException('a target API does not exist (it may just have been deleted)');
      throw err;
    }
  }
}
