import { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialAccounts1795379486778 implements MigrationInterface {
  name = 'SocialAccounts1795379486778';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "social_accounts" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "provider" character varying(20) NOT NULL, "provider_user_id" character varying(255) NOT NULL, "email" character varying(255), "name" character varying(255), "avatar_url" character varying(2048), "access_token_encrypted" text, "secret_encrypted" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e9e58d2d8e9fafa20af914d9750" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_caedf281226e795e9473f89165" ON "social_accounts"  ("user_id", "provider") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4508a993f9340ca4e7547db4ff" ON "social_accounts"  ("provider", "provider_user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "social_login_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code_hash" character(64) NOT NULL, "user_id" integer NOT NULL, "provider" character varying(20) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_16971f402b6c2749e837757c017" UNIQUE ("code_hash"), CONSTRAINT "PK_d337c6936626258ea40ba5ae95d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "social_accounts" ADD CONSTRAINT "FK_05a0f282d3bed93ca048a7e54dd" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "social_accounts" DROP CONSTRAINT "FK_05a0f282d3bed93ca048a7e54dd"`);
    await queryRunner.query(`DROP TABLE "social_login_codes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4508a993f9340ca4e7547db4ff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_caedf281226e795e9473f89165"`);
    await queryRunner.query(`DROP TABLE "social_accounts"`);
  }
}
