import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailVerificationAndPasswordReset1795378825822 implements MigrationInterface {
  name = 'EmailVerificationAndPasswordReset1795378825822';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_verifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(255) NOT NULL, "token_hash" character(64) NOT NULL, "app_link" character varying(2048), "request_source" character varying(64), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "verified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_7939cc2e493281f265179fa86ce" UNIQUE ("token_hash"), CONSTRAINT "PK_c1ea2921e767f83cd44c0af203f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_44e5cfea68f87243cad38bb1b1" ON "email_verifications"  ("email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "password_resets" ("user_id" integer NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f7a4c3bc48f24df007936d217be" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_resets" ADD CONSTRAINT "FK_f7a4c3bc48f24df007936d217be" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_resets" DROP CONSTRAINT "FK_f7a4c3bc48f24df007936d217be"`);
    await queryRunner.query(`DROP TABLE "password_resets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_44e5cfea68f87243cad38bb1b1"`);
    await queryRunner.query(`DROP TABLE "email_verifications"`);
  }
}
