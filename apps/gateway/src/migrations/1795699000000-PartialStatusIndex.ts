import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The status index of the request log keeps only the rows whose status is not 200. Almost every row
 * is a 200, and each paid a B-tree insertion (~3 µs of PostgreSQL's ~29 per row, docs/performance.md,
 * eleventh pass) into an index that only the error filters need: a filter on a rarer status (`500`,
 * `4xx`: `status_code = 500` and `BETWEEN 400 AND 499` imply `<> 200`) can still use it
 * (logs-explain.e2e-spec.ts asserts the plans), and one on 200 or `2xx` matches most rows, so walking
 * the created_at index finds a page at once.
 */
export class PartialStatusIndex1795699000000 implements MigrationInterface {
  name = 'PartialStatusIndex1795699000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_status_created"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_status_created" ON "request_logs" ("status_code", "created_at")
            WHERE "status_code" <> 200
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_status_created"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_status_created" ON "request_logs" ("status_code", "created_at")
        `);
  }
}
