import { MigrationInterface, QueryRunner } from 'typeorm';

/** The routing trace of a call: every upstream attempt (failover), null for calls that never routed. */
export class RoutingAttempts1795695000000 implements MigrationInterface {
  name = 'RoutingAttempts1795695000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "request_logs" ADD "attempts" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "request_logs" DROP COLUMN "attempts"`);
  }
}
