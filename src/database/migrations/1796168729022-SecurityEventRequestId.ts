import { MigrationInterface, QueryRunner } from 'typeorm';

export class SecurityEventRequestId1796168729022 implements MigrationInterface {
  name = 'SecurityEventRequestId1796168729022';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "security_events" ADD "request_id" character varying(128)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "security_events" DROP COLUMN "request_id"`);
  }
}
