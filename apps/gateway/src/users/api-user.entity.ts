import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../core/column-transformers';

@Entity('api_users')
export class ApiUserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  /** sha256 (hex) of the client key; the key itself is never stored. */
  @Column({ name: 'key_hash', type: 'char', length: 64, unique: true, select: false })
  keyHash!: string;

  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ name: 'allowed_models', type: 'text', array: true, default: () => "'{}'" })
  allowedModels!: string[];

  @Column({ name: 'rate_limit_rpm', type: 'integer', nullable: true })
  rateLimitRpm!: number | null;

  @Column({ name: 'rate_limit_tpm', type: 'integer', nullable: true })
  rateLimitTpm!: number | null;

  @Column({ name: 'budget_usd', type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numericTransformer })
  budgetUsd!: number | null;

  @Column({ name: 'budget_period', type: 'varchar', length: 10, default: 'month' })
  budgetPeriod!: 'day' | 'month' | 'total';

  @Column({ name: 'spent_usd', type: 'numeric', precision: 14, scale: 6, default: 0, transformer: numericTransformer })
  spentUsd!: number;

  /** Start of the budget period `spent_usd` belongs to; spend from an earlier period counts as 0. */
  @Column({ name: 'spent_period_start', type: 'timestamptz', nullable: true })
  spentPeriodStart!: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
