import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly rollups of request_logs for the statistics (hand-written: TypeORM cannot model them, and with
 * no entity it leaves them out of `migration:generate`'s diff). Retention deletes raw request_logs rows
 * only; these rows are kept.
 *
 * - request_stats_hourly: one row per (hour, user_id, model, api_id). The key columns are nullable
 *   (unauthenticated calls have no user), so uniqueness is an index over coalesced sentinels, which
 *   works on PostgreSQL 13+ (`NULLS NOT DISTINCT` needs 15). The index leads with the hour and
 *   carries the counters, so the top users / models of a window are an index-only scan that skips the
 *   wide histogram columns.
 * - request_stats_hourly_totals: the same hour summed over all groups, so a 30-day window merges 720
 *   histograms instead of one per group and hour (what keeps GET /api/stats fast).
 * - stats_rollup_state: the watermark of the rollup job.
 * Histogram arrays follow the bucket bounds in apps/gateway/src/stats/histogram.ts.
 */
export class StatsRollups1795680100000 implements MigrationInterface {
  name = 'StatsRollups1795680100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "request_stats_hourly" (
                "hour" TIMESTAMP WITH TIME ZONE NOT NULL,
                "user_id" uuid,
                "model" character varying(200),
                "api_id" uuid,
                "requests" integer NOT NULL,
                "errors" integer NOT NULL,
                "prompt_tokens" bigint NOT NULL,
                "completion_tokens" bigint NOT NULL,
                "cost_usd" numeric(20, 8) NOT NULL,
                "latency_hist" integer array NOT NULL,
                "ttft_hist" integer array NOT NULL,
                "ttft_count" integer NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_request_stats_hourly_key" ON "request_stats_hourly" (
                "hour",
                COALESCE("user_id", '00000000-0000-0000-0000-000000000000'::uuid),
                COALESCE("model", ''),
                COALESCE("api_id", '00000000-0000-0000-0000-000000000000'::uuid)
            ) INCLUDE ("user_id", "model", "requests", "errors", "prompt_tokens", "completion_tokens", "cost_usd")
        `);
    await queryRunner.query(`
            CREATE TABLE "request_stats_hourly_totals" (
                "hour" TIMESTAMP WITH TIME ZONE NOT NULL,
                "requests" integer NOT NULL,
                "errors" integer NOT NULL,
                "prompt_tokens" bigint NOT NULL,
                "completion_tokens" bigint NOT NULL,
                "cost_usd" numeric(20, 8) NOT NULL,
                "latency_hist" integer array NOT NULL,
                "ttft_hist" integer array NOT NULL,
                "ttft_count" integer NOT NULL,
                CONSTRAINT "PK_request_stats_hourly_totals" PRIMARY KEY ("hour")
            )
        `);
    // One row: every hour before "rolled_until" has been rolled up at least once.
    await queryRunner.query(`
            CREATE TABLE "stats_rollup_state" (
                "id" smallint NOT NULL DEFAULT 1,
                "rolled_until" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_stats_rollup_state" PRIMARY KEY ("id"),
                CONSTRAINT "CHK_stats_rollup_state_single_row" CHECK ("id" = 1)
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stats_rollup_state"`);
    await queryRunner.query(`DROP TABLE "request_stats_hourly_totals"`);
    await queryRunner.query(`DROP INDEX "public"."uq_request_stats_hourly_key"`);
    await queryRunner.query(`DROP TABLE "request_stats_hourly"`);
  }
}
