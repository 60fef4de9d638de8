import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One live setting; absent keys take the registry default. */
@Entity('configuration')
export class SettingEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
