import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Request and response bodies of a logged call, kept apart from request_logs so the log's hot table
 * stays narrow. Written only while the `logRequestBodies` setting is on, in the same transaction as
 * the call's row; `created_at` repeats the row's, so retention deletes both by date.
 */
@Entity('request_log_bodies')
@Index('idx_request_log_bodies_created', ['createdAt'])
export class RequestLogBodyEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_request_log_bodies' })
  requestId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'request_body', type: 'text', nullable: true })
  requestBody!: string | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  /** True when either body was cut to the `logBodyMaxKb` setting. */
  @Column({ type: 'boolean', default: false })
  truncated!: boolean;
}
