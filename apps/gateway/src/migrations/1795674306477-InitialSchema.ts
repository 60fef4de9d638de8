import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795674306477 implements MigrationInterface {
  name = 'InitialSchema1795674306477';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Admin sessions (connect-pg-simple's table layout). Hand-written: no entity models it.
    await queryRunner.query(`
            CREATE TABLE "admin_sessions" (
                "sid" character varying NOT NULL,
                "sess" json NOT NULL,
                "expire" TIMESTAMP(6) NOT NULL,
                CONSTRAINT "admin_sessions_pkey" PRIMARY KEY ("sid")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_admin_sessions_expire" ON "admin_sessions" ("expire")
        `);
    await queryRunner.query(`
            CREATE TABLE "apis" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "provider" character varying(50) NOT NULL,
                "base_url" text NOT NULL,
                "api_key_encrypted" text NOT NULL,
                "api_key_hint" character varying(8) NOT NULL,
                "model" character varying(200) NOT NULL,
                "extra_headers" jsonb NOT NULL DEFAULT '{}',
                "timeout_ms" integer NOT NULL DEFAULT '300000',
                "input_price_per_mtok" numeric(12, 6) NOT NULL DEFAULT '0',
                "output_price_per_mtok" numeric(12, 6) NOT NULL DEFAULT '0',
                "allow_private_network" boolean NOT NULL DEFAULT false,
                "enabled" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2f22ed3eee6933b501a3a88dffe" UNIQUE ("name"),
                CONSTRAINT "PK_a74a5f3f4f08faf9f6329bceae6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "model_aliases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "alias" character varying(100) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "strategy" character varying(20) NOT NULL DEFAULT 'priority',
                "enabled" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_f30eb06fb7b612261acc8ff8605" UNIQUE ("alias"),
                CONSTRAINT "PK_7ac276e33d7cdd4a2ad44c01099" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "model_alias_targets" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "alias_id" uuid NOT NULL,
                "api_id" uuid NOT NULL,
                "weight" integer NOT NULL DEFAULT '1',
                "priority" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_5418b8a692b5a2857f000744c1b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_150d4f72cee81b7afc5532418d" ON "model_alias_targets" ("api_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0b07fa0a5a22208b0041c042eb" ON "model_alias_targets" ("alias_id", "api_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "admin_users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(64) NOT NULL,
                "password_hash" text NOT NULL,
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2873882c38e8c07d98cb64f962d" UNIQUE ("username"),
                CONSTRAINT "PK_06744d221bb6145dc61e5dc441d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "configuration" (
                "key" text NOT NULL,
                "value" jsonb NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_36aa5305bb4de9034d272f6a244" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "request_logs" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "request_id" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" uuid,
                "model" character varying(200),
                "api_id" uuid,
                "upstream_model" character varying(200),
                "endpoint" character varying(100) NOT NULL,
                "status_code" smallint NOT NULL,
                "stream" boolean NOT NULL DEFAULT false,
                "latency_ms" integer NOT NULL,
                "ttft_ms" integer,
                "prompt_tokens" integer,
                "completion_tokens" integer,
                "total_tokens" integer,
                "usage_source" character varying(10),
                "cost_usd" numeric(16, 8),
                "error_type" character varying(100),
                "error_message" text,
                "client_ip" character varying(64),
                CONSTRAINT "PK_1edd3815ae37a9b9511f5a26dca" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_api_created" ON "request_logs" ("api_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_status_created" ON "request_logs" ("status_code", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_model_created" ON "request_logs" ("model", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_user_created" ON "request_logs" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_request_logs_created" ON "request_logs" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "api_users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "key_hash" character(64) NOT NULL,
                "key_prefix" character varying(16) NOT NULL,
                "allowed_models" text array NOT NULL DEFAULT '{}',
                "rate_limit_rpm" integer,
                "rate_limit_tpm" integer,
                "budget_usd" numeric(14, 6),
                "budget_period" character varying(10) NOT NULL DEFAULT 'month',
                "spent_usd" numeric(14, 6) NOT NULL DEFAULT '0',
                "enabled" boolean NOT NULL DEFAULT true,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_0cc87103e90d80a0215b90ee232" UNIQUE ("name"),
                CONSTRAINT "UQ_f210b06676ab886e31e28f712f5" UNIQUE ("key_hash"),
                CONSTRAINT "PK_b6c77479defc58cfc0e2d3e0f54" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "model_alias_targets"
            ADD CONSTRAINT "FK_64b345f1bd7ebceda592e996054" FOREIGN KEY ("alias_id") REFERENCES "model_aliases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "model_alias_targets"
            ADD CONSTRAINT "FK_150d4f72cee81b7afc5532418dc" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "model_alias_targets" DROP CONSTRAINT "FK_150d4f72cee81b7afc5532418dc"
        `);
    await queryRunner.query(`
            ALTER TABLE "model_alias_targets" DROP CONSTRAINT "FK_64b345f1bd7ebceda592e996054"
        `);
    await queryRunner.query(`
            DROP TABLE "api_users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_model_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_request_logs_api_created"
        `);
    await queryRunner.query(`
            DROP TABLE "request_logs"
        `);
    await queryRunner.query(`
            DROP TABLE "configuration"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0b07fa0a5a22208b0041c042eb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_150d4f72cee81b7afc5532418d"
        `);
    await queryRunner.query(`
            DROP TABLE "model_alias_targets"
        `);
    await queryRunner.query(`
            DROP TABLE "model_aliases"
        `);
    await queryRunner.query(`
            DROP TABLE "apis"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_sessions"
        `);
  }
}
