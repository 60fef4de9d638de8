import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../core/column-transformers';

@Entity('apis')
export class ApiEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 50 })
  provider!: string;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  /** AES-256-GCM ciphertext of the upstream key; never selected unless asked for. */
  @Column({ name: 'api_key_encrypted', type: 'text', select: false })
  apiKeyEncrypted!: string;

  @Column({ name: 'api_key_hint', type: 'varchar', length: 8 })
  apiKeyHint!: string;

  @Column({ type: 'varchar', length: 200 })
  model!: string;

  /** Provider API version (Azure `api-version`, Anthropic `anthropic-version`); null: the adapter's default. */
  @Column({ name: 'api_version', type: 'varchar', length: 50, nullable: true })
  apiVersion!: string | null;

  @Column({ name: 'extra_headers', type: 'jsonb', default: () => "'{}'" })
  extraHeaders!: Record<string, string>;

  @Column({ name: 'timeout_ms', type: 'integer', default: 300000 })
  timeoutMs!: number;

  @Column({ name: 'input_price_per_mtok', type: 'numeric', precision: 12, scale: 6, default: 0, transformer: numericTransformer })
  inputPricePerMTok!: number;

  @Column({ name: 'output_price_per_mtok', type: 'numeric', precision: 12, scale: 6, default: 0, transformer: numericTransformer })
  outputPricePerMTok!: number;

  @Column({ name: 'allow_private_network', type: 'boolean', default: false })
  allowPrivateNetwork!: boolean;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
