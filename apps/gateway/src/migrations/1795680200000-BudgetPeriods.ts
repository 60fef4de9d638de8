import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which budget period `api_users.spent_usd` was counted in, so it restarts at 0 each day or month. */
export class BudgetPeriods1795680200000 implements MigrationInterface {
  name = 'BudgetPeriods1795680200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_users" ADD "spent_period_start" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_users" DROP COLUMN "spent_period_start"`);
  }
}
