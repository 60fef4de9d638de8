import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiEntity } from '../apis/api.entity';
import { ModelAliasEntity } from './model-alias.entity';

@Entity('model_alias_targets')
@Index(['aliasId', 'apiId'], { unique: true })
export class ModelAliasTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'alias_id', type: 'uuid' })
  aliasId!: string;

  @ManyToOne(() => ModelAliasEntity, (a) => a.targets, { onDelete: 'CASCADE', orphanedRowAction: 'delete' })
  @JoinColumn({ name: 'alias_id' })
  alias!: ModelAliasEntity;

  /** RESTRICT: an API still routed to by an alias cannot be deleted (the admin API answers 409). */
  @Index()
  @Column({ name: 'api_id', type: 'uuid' })
  apiId!: string;

  @ManyToOne(() => ApiEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_id' })
  api!: ApiEntity;

  @Column({ type: 'integer', default: 1 })
  weight!: number;

  @Column({ type: 'integer', default: 0 })
  priority!: number;
}
