import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ModelAliasTargetEntity } from './model-alias-target.entity';

@Entity('model_aliases')
export class ModelAliasEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  alias!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 20, default: 'priority' })
  strategy!: 'priority' | 'weighted';

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @OneToMany(() => ModelAliasTargetEntity, (t) => t.alias, { cascade: true })
  targets!: ModelAliasTargetEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
