import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request/response bodies of logged calls and the log viewer's extra indexes.
 *
 * The trigram index behind the `q` search needs the pg_trgm extension. Creating it needs CREATE on the
 * database (it is a trusted extension) or superuser on older servers; a managed server may refuse it.
 * Then the migration still succeeds, without that index, and `q` runs as an unindexed ILIKE. The index is
 * declared `synchronize: false` on RequestLogEntity, so `migration:generate` neither adds nor drops it.
 */
export class LogBodies1795680000000 implements MigrationInterface {
  name = 'LogBodies1795680000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "request_log_bodies" (
                "request_id" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "request_body" text,
                "response_body" text,
                "truncated" boolean NOT NULL DEFAULT false,
                CONSTRAINT "pk_request_log_bodies" PRIMARY KEY ("request_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_log_bodies_created" ON "request_log_bodies" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_stream_created" ON "request_logs" ("stream", "created_at")
        `);
    // A plpgsql block with an EXCEPTION clause runs in a subtransaction: a refusal here does not abort
    // the migration's transaction.
    await queryRunner.query(`
            DO $$
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'pg_trgm is not available (%): the log search (q) will run without an index', SQLERRM;
            END
            $$
        `);
    // The operator class is qualified with the extension's schema, which need not be on the search path.
    await queryRunner.query(`
            DO $$
            DECLARE trgm_schema name;
            BEGIN
                SELECT n.nspname INTO trgm_schema
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pg_trgm';
                IF trgm_schema IS NOT NULL THEN
                    EXECUTE format(
                        'CREATE INDEX "idx_request_logs_error_message_trgm" ON "request_logs" USING gin ("error_message" %I.gin_trgm_ops)',
                        trgm_schema
                    );
                END IF;
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm stays: other objects may use it, and dropping it may need rights the app lacks.
    await queryRunner.query(`
            DROP INDEX IF EXISTS "public"."idx_request_logs_error_message_trgm"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_stream_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_log_bodies_created"
        `);
    await queryRunner.query(`
            DROP TABLE "request_log_bodies"
        `);
  }
}
