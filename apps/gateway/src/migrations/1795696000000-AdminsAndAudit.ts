import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin accounts can be disabled (sign-in refused, sessions ended), and the audit trail: one row per
 * admin mutation or sign-in, newest-first keyset paging on (created_at, id). No foreign key to
 * admin_users, so the trail outlives a deleted admin.
 */
export class AdminsAndAudit1795696000000 implements MigrationInterface {
  name = 'AdminsAndAudit1795696000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admin_users" ADD "disabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "admin_users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "admin_id" uuid,
                "admin_username" character varying(64),
                "action" character varying(64) NOT NULL,
                "target_type" character varying(32),
                "target_id" character varying(100),
                "before" jsonb,
                "after" jsonb,
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "idx_audit_log_created_at_id" ON "audit_log" ("created_at", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_audit_log_created_at_id"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`ALTER TABLE "admin_users" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "admin_users" DROP COLUMN "disabled"`);
  }
}
