import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One request_logs row per request id: the log writer retries failed batches and replays spooled rows
 * with `INSERT ... ON CONFLICT (request_id) DO NOTHING`, which needs a unique index. Duplicates already
 * stored (a batch retried after a commit whose answer was lost) are removed first, keeping the oldest row.
 */
export class LogDedup1795690100000 implements MigrationInterface {
  name = 'LogDedup1795690100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DELETE FROM "request_logs" duplicate
            USING "request_logs" kept
            WHERE duplicate."request_id" = kept."request_id" AND duplicate."id" > kept."id"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_request_logs_request_id" ON "request_logs" ("request_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_request_id"
        `);
  }
}
