import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-API provider version (Azure `api-version`, Anthropic `anthropic-version`); null: the adapter's default. */
export class ProviderOptions1795690000000 implements MigrationInterface {
  name = 'ProviderOptions1795690000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "apis" ADD "api_version" character varying(50)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "apis" DROP COLUMN "api_version"`);
  }
}
