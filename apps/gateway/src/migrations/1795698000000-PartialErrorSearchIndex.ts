import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigram index of the log search (`q`, ILIKE on error_message) keeps only the rows that have an
 * error message. Every successful call has none, yet each paid a GIN insertion for its NULL (into the
 * pending list, merged later by the inserting backend or vacuum). `error_message ILIKE …` implies
 * `error_message IS NOT NULL` (ILIKE is strict), so PostgreSQL still uses the index for the search
 * (logs-explain.e2e-spec.ts asserts the plan). Rebuilt only where the index exists (pg_trgm present),
 * with the operator class qualified by the extension's schema as in LogBodies.
 */
export class PartialErrorSearchIndex1795698000000 implements MigrationInterface {
  name = 'PartialErrorSearchIndex1795698000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, 'WHERE "error_message" IS NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, '');
  }

  private async rebuild(queryRunner: QueryRunner, predicate: string): Promise<void> {
    await queryRunner.query(`
            DO $$
            DECLARE trgm_schema name;
            BEGIN
                SELECT n.nspname INTO trgm_schema
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pg_trgm';
                IF trgm_schema IS NOT NULL AND to_regclass('"public"."idx_request_logs_error_message_trgm"') IS NOT NULL THEN
                    DROP INDEX "public"."idx_request_logs_error_message_trgm";
                    EXECUTE format(
                        'CREATE INDEX "idx_request_logs_error_message_trgm" ON "request_logs" USING gin ("error_message" %I.gin_trgm_ops) ${predicate}',
                        trgm_schema
                    );
                END IF;
            END
            $$
        `);
  }
}
