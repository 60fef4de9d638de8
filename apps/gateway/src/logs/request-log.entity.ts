import { RoutingAttempt } from '@switchyard/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../core/column-transformers';

/**
 * One row per `/v1` call. Indexed for the log viewer's filters; newest-first keyset paging on (created_at, id).
 * The trigram index for the `q` search is hand-written (LogBodies migration) and may be absent when the
 * server refused pg_trgm, hence `synchronize: false`: TypeORM neither creates nor drops it.
 */
@Entity('request_logs')
@Index('idx_request_logs_created', ['createdAt', 'id'])
@Index('idx_request_logs_user_created', ['userId', 'createdAt'])
@Index('idx_request_logs_model_created', ['model', 'createdAt'])
@Index('idx_request_logs_status_created', ['statusCode', 'createdAt'], { where: '"status_code" <> 200' })
@Index('idx_request_logs_api_created', ['apiId', 'createdAt'])
@Index('idx_request_logs_request_id', ['requestId'], { unique: true })
@Index('idx_request_logs_error_message_trgm', { synchronize: false })
export class RequestLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** The alias as the client asked for it. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  model!: string | null;

  @Column({ name: 'api_id', type: 'uuid', nullable: true })
  apiId!: string | null;

  @Column({ name: 'upstream_model', type: 'varchar', length: 200, nullable: true })
  upstreamModel!: string | null;

  @Column({ type: 'varchar', length: 100 })
  endpoint!: string;

  @Column({ name: 'status_code', type: 'smallint' })
  statusCode!: number;

  @Column({ type: 'boolean', default: false })
  stream!: boolean;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ name: 'ttft_ms', type: 'integer', nullable: true })
  ttftMs!: number | null;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  @Column({ name: 'total_tokens', type: 'integer', nullable: true })
  totalTokens!: number | null;

  @Column({ name: 'usage_source', type: 'varchar', length: 10, nullable: true })
  usageSource!: 'upstream' | 'estimate' | null;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 16, scale: 8, nullable: true, transformer: numericTransformer })
  costUsd!: number | null;

  @Column({ name: 'error_type', type: 'varchar', length: 100, nullable: true })
  errorType!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp!: string | null;

  /** The routing trace (every upstream attempt); only the detail view reads it, hence `select: false`. */
  @Column({ type: 'jsonb', nullable: true, select: false })
  attempts?: RoutingAttempt[] | null;
}
