import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CreateUserRequest, UpdateUserRequest, UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { QueryFailedError, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditActor, AuditService } from '../audit/audit.service';
import { ChangeBus } from '../core/change-bus';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database-errors';
import { issueApiKey } from './api-key';
import { ApiUserEntity } from './api-user.entity';
import { toKeyHolder, toUserResponse, toUserWithKeyResponse, UserKeyHolder } from './user-mapper';

/** Keeps the order of first appearance; duplicates say nothing more. */
const distinct = (values: string[]): string[] => [...new Set(values)];

/**
 * API users and their keys. A key is shown once (create, rotate) and stored only as its sha256 and a
 * display prefix. Every write is announced so `/v1` snapshots drop a rotated, disabled or deleted key at
 * once instead of at their next periodic refresh.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(ApiUserEntity) private readonly users: Repository<ApiUserEntity>,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserResponse[]> {
    const users = await this.users.find({ order: { name: 'ASC' } });
    return users.map(toUserResponse);
  }

  /** Every user with its key hash, for the proxy's in-memory snapshot (never for the admin API). */
  async listKeyHolders(): Promise<UserKeyHolder[]> {
    const users = await this.users.createQueryBuilder('user').addSelect('user.keyHash').getMany();
    return users.map(toKeyHolder);
  }

  async get(id: string): Promise<UserResponse> {
    return toUserResponse(await this.load(id));
  }

  async create(body: CreateUserRequest, actor: AuditActor | null): Promise<UserWithKeyResponse> {
    const issued = issueApiKey();
    const user = this.users.create({
      name: body.name,
      keyHash: issued.hash,
      keyPrefix: issued.prefix,
      allowedModels: distinct(body.allowedModels),
      rateLimitRpm: body.rateLimitRpm ?? null,
      rateLimitTpm: body.rateLimitTpm ?? null,
      budgetUsd: body.budgetUsd ?? null,
      budgetPeriod: body.budgetPeriod ?? 'month',
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      enabled: body.enabled ?? true,
    });
    const inserted = await this.write(() => this.users.insert(user));
    const { id } = inserted.identifiers[0] as { id: string };
    await this.changes.announce('users');
    const created = toUserResponse(await this.load(id));
    // The wire view without the key: only its display prefix reaches the trail.
    await this.audit.record('user.create', { type: 'user', id }, null, created, actor);
    return { ...created, apiKey: issued.key };
  }

  async update(id: string, body: UpdateUserRequest, actor: AuditActor | null): Promise<UserResponse> {
    const changes = toChanges(body);
    if (Object.keys(changes).length === 0) return this.get(id);
    const before = toUserResponse(await this.load(id));
    const result = await this.write(() => this.users.update({ id }, changes));
    if (!result.affected) throw notFound(id);
    await this.changes.announce('users');
    const after = await this.get(id);
    await this.audit.record('user.update', { type: 'user', id }, before, after, actor);
    return after;
  }

  async remove(id: string, actor: AuditActor | null): Promise<void> {
    const before = toUserResponse(await this.load(id));
    const result = await this.users.delete({ id });
    if (!result.affected) throw notFound(id);
    await this.changes.announce('users');
    await this.audit.record('user.delete', { type: 'user', id }, before, null, actor);
  }

  /** A new key; the old one stops working as soon as its hash is replaced. */
  async rotateKey(id: string, actor: AuditActor | null): Promise<UserWithKeyResponse> {
    const before = await this.load(id);
    const issued = issueApiKey();
    const result = await this.users.update({ id }, { keyHash: issued.hash, keyPrefix: issued.prefix });
    if (!result.affected) throw notFound(id);
    await this.changes.announce('users');
    const rotated = await this.load(id);
    await this.audit.record(
      'user.rotate_key',
      { type: 'user', id },
      { keyPrefix: before.keyPrefix },
      { keyPrefix: rotated.keyPrefix },
      actor,
    );
    return toUserWithKeyResponse(rotated, issued.key);
  }

  private async load(id: string): Promise<ApiUserEntity> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound(id);
    return user;
  }

  /** Runs a write, turning a unique violation into a 409 that names the field (no racy pre-check). */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
        const detail = String(((err as QueryFailedError).driverError as { detail?: string }).detail ?? '');
        if (/\(name\)/.test(detail)) throw new ConflictException('name is already used by another user');
      }
      throw err;
    }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`User ${id} not found`);
}

/** Only the fields the request carries; null clears the nullable ones. */
function toChanges(body: UpdateUserRequest): QueryDeepPartialEntity<ApiUserEntity> {
  const changes: QueryDeepPartialEntity<ApiUserEntity> = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.allowedModels !== undefined) changes.allowedModels = distinct(body.allowedModels);
  if (body.rateLimitRpm !== undefined) changes.rateLimitRpm = body.rateLimitRpm;
  if (body.rateLimitTpm !== undefined) changes.rateLimitTpm = body.rateLimitTpm;
  if (body.budgetUsd !== undefined) changes.budgetUsd = body.budgetUsd;
  if (body.budgetPeriod !== undefined) changes.budgetPeriod = body.budgetPeriod;
  if (body.expiresAt !== undefined) changes.expiresAt = body.expiresAt === null ? null : new Date(body.expiresAt);
  if (body.enabled !== undefined) changes.enabled = body.enabled;
  return changes;
}
