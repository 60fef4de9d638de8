import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the (stream, created_at) index of request_logs. `stream` has two values, each common: the log
 * viewer's newest-first page filtered on it is served as fast by walking idx_request_logs_created, and
 * every logged call paid one more index insertion for it (the log writer's database cost per row).
 */
export class DropStreamIndex1795697000000 implements MigrationInterface {
  name = 'DropStreamIndex1795697000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_stream_created"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_stream_created" ON "request_logs" ("stream", "created_at")
        `);
  }
}
