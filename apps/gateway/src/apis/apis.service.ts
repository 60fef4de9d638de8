import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiResponse, ApiTestResult, ProviderInfo } from '@switchyard/contracts';
import { ProviderRegistry } from '@switchyard/providers';
import { Not, Repository } from 'typeorm';
import { ModelAliasTargetEntity } from '../aliases/model-alias-target.entity';
import { auditApiView } from '../audit/audit-views';
import { AuditActor, AuditService } from '../audit/audit.service';
import { ChangeBus } from '../core/change-bus';
import { SecretBox } from '../core/secret-box';
import { UrlGuard } from '../core/url-guard';
import { CircuitBreakers } from '../proxy/circuit-breaker';
import { ApiEntity } from './api.entity';
import { apiKeyHint, RoutingApi, toApiResponse, toRoutingApi } from './api-mapper';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database-errors';
import { DEFAULT_TIMEOUT_MS } from './dto/api-fields';
import { CreateApiDto } from './dto/create-api.dto';
import { UpdateApiDto } from './dto/update-api.dto';
import { checkUpstream } from './upstream-check';

/** Upstream APIs: their settings, their encrypted keys, and the connectivity test. */
@Injectable()
export class ApisService {
  constructor(
    @InjectRepository(ApiEntity) private readonly apis: Repository<ApiEntity>,
    @InjectRepository(ModelAliasTargetEntity) private readonly aliasTargets: Repository<ModelAliasTargetEntity>,
    private readonly secretBox: SecretBox,
    private readonly changes: ChangeBus,
    private readonly urlGuard: UrlGuard,
    private readonly providers: ProviderRegistry,
    private readonly audit: AuditService,
    private readonly breakers: CircuitBreakers,
  ) {}

  async list(): Promise<ApiResponse[]> {
    const rows = await this.apis.find({ order: { name: 'ASC' } });
    return rows.map((api) => toApiResponse(api, this.breakers.health(api.id)));
  }

  /** Every API with its key decrypted, for the proxy's in-memory routing snapshot (never for the admin API). */
  async listForRouting(): Promise<RoutingApi[]> {
    const rows = await this.apis.createQueryBuilder('api').addSelect('api.apiKeyEncrypted').getMany();
    return rows.map((api) => toRoutingApi(api, this.secretBox.decrypt(api.apiKeyEncrypted)));
  }

  async get(id: string): Promise<ApiResponse> {
    return toApiResponse(await this.findOrFail(id), this.breakers.health(id));
  }

  async create(dto: CreateApiDto, actor: AuditActor | null): Promise<ApiResponse> {
    this.assertKnownProvider(dto.provider);
    await this.assertReachable(dto.baseUrl, dto.allowPrivateNetwork ?? false);
    const entity = this.apis.create({
      name: dto.name,
      provider: dto.provider,
      baseUrl: dto.baseUrl,
      apiKeyEncrypted: this.secretBox.encrypt(dto.apiKey),
      apiKeyHint: apiKeyHint(dto.apiKey),
      model: dto.model,
      apiVersion: dto.apiVersion ?? null,
      timeoutMs: dto.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      extraHeaders: dto.extraHeaders ?? {},
      inputPricePerMTok: dto.inputPricePerMTok ?? 0,
      outputPricePerMTok: dto.outputPricePerMTok ?? 0,
      enabled: dto.enabled ?? true,
      allowPrivateNetwork: dto.allowPrivateNetwork ?? false,
    });
    const saved = await this.saveUnique(entity, dto.name);
    await this.changes.announce('apis');
    const created = await this.get(saved.id);
    await this.audit.record('api.create', { type: 'api', id: saved.id }, null, auditApiView(created), actor);
    return created;
  }

  async update(id: string, dto: UpdateApiDto, actor: AuditActor | null): Promise<ApiResponse> {
    const entity = await this.findOrFail(id);
    const before = auditApiView(await this.get(id));
    const { apiKey, ...fields } = dto;
    if (fields.provider !== undefined) this.assertKnownProvider(fields.provider);
    if (fields.baseUrl !== undefined || fields.allowPrivateNetwork !== undefined) {
      await this.assertReachable(fields.baseUrl ?? entity.baseUrl, fields.allowPrivateNetwork ?? entity.allowPrivateNetwork);
    }
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) Object.assign(entity, { [key]: value });
    }
    if (apiKey !== undefined) {
      entity.apiKeyEncrypted = this.secretBox.encrypt(apiKey);
      entity.apiKeyHint = apiKeyHint(apiKey);
    }
    await this.saveUnique(entity, entity.name);
    await this.changes.announce('apis');
    const updated = await this.get(id);
    // A new key shows as a new hint only; the key itself never reaches the trail.
    await this.audit.record('api.update', { type: 'api', id }, before, auditApiView(updated), actor);
    return updated;
  }

  async remove(id: string, actor: AuditActor | null): Promise<void> {
    const entity = await this.findOrFail(id);
    const before = auditApiView(await this.get(id));
    // The check gives the operator the alias names; the FK (ON DELETE RESTRICT) closes the race after it.
    await this.assertNotRoutedTo(entity);
    try {
      await this.apis.delete({ id });
    } catch (err) {
      if (pgErrorCode(err) !== PG_FOREIGN_KEY_VIOLATION) throw err;
      await this.assertNotRoutedTo(entity);
      throw new ConflictException(`API "${entity.name}" is used by an alias; remove it from the alias first`);
    }
    await this.changes.announce('apis');
    await this.audit.record('api.delete', { type: 'api', id }, before, null, actor);
  }

  /** Lists the upstream's models with the stored credentials, the provider's way; upstream failures are a result, not an error. */
  async test(id: string): Promise<ApiTestResult> {
    const entity = await this.apis.createQueryBuilder('api').addSelect('api.apiKeyEncrypted').where('api.id = :id', { id }).getOne();
    if (!entity) throw this.notFound(id);
    // Checked again here (DNS may have changed since the save) and at connect time by the lookup.
    const refused = await this.urlGuard.problem(entity.baseUrl, entity.allowPrivateNetwork);
    if (refused) return { ok: false, status: null, latencyMs: 0, models: [], modelFound: null, error: `baseUrl ${refused}` };
    // The provider's own models request (URL, auth header); providers without one report that they cannot check.
    return checkUpstream({
      api: toRoutingApi(entity, this.secretBox.decrypt(entity.apiKeyEncrypted)),
      adapter: this.providers.get(entity.provider),
      lookup: this.urlGuard.connectLookup(entity.allowPrivateNetwork),
    });
  }

  /** Provider names an API may use: the built-ins plus every provider module loaded in this app. */
  providerNames(): ProviderInfo[] {
    return this.providers.names().map((name) => ({ name }));
  }

  /** Valid names come from the provider modules loaded in this app, so the check happens here, not in the DTO. */
  private assertKnownProvider(provider: string): void {
    const names = this.providers.names();
    if (!names.includes(provider)) throw new BadRequestException([`provider must be one of the following values: ${names.join(', ')}`]);
  }

  /** SSRF guard on save: 400 naming baseUrl and why (loopback, private, metadata, ...). */
  private async assertReachable(baseUrl: string, allowPrivateNetwork: boolean): Promise<void> {
    const refused = await this.urlGuard.problem(baseUrl, allowPrivateNetwork);
    if (refused) throw new BadRequestException([`baseUrl ${refused}`]);
  }

  private async findOrFail(id: string): Promise<ApiEntity> {
    const entity = await this.apis.findOneBy({ id });
    if (!entity) throw this.notFound(id);
    return entity;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`API ${id} not found`);
  }

  /**
   * Saves, answering 409 when the unique name is taken. The pre-check spares the database (and its
   * error log) the common case; the unique constraint decides races.
   */
  private async saveUnique(entity: ApiEntity, name: string): Promise<ApiEntity> {
    const conflict = () => new ConflictException(`name "${name}" is already used by another API`);
    if (await this.apis.existsBy({ name, ...(entity.id ? { id: Not(entity.id) } : {}) })) throw conflict();
    try {
      return await this.apis.save(entity);
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw conflict();
      throw err;
    }
  }

  private async assertNotRoutedTo(api: ApiEntity): Promise<void> {
    const targets = await this.aliasTargets.find({ where: { apiId: api.id }, relations: { alias: true } });
    if (targets.length === 0) return;
    const aliases = [...new Set(targets.map((t) => t.alias.alias))].sort();
    const list = aliases.map((a) => `"${a}"`).join(', ');
    throw new ConflictException(
      `API "${api.name}" is used by alias${aliases.length > 1 ? 'es' : ''} ${list}; remove it from ${aliases.length > 1 ? 'them' : 'it'} first`,
    );
  }
}
