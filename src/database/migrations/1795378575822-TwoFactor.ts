import { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoFactor1795378575822 implements MigrationInterface {
  name = 'TwoFactor1795378575822';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "two_factor_recovery_codes" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "code_hash" character(64) NOT NULL, "code_encrypted" text NOT NULL, CONSTRAINT "PK_6f535a18c9fb9da8cc9b7ea70dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8c727ef386226c6af2fbcee266" ON "two_factor_recovery_codes"  ("user_id", "code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "two_factor_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "challenge_hash" character(64) NOT NULL, "user_id" integer NOT NULL, "device_name" character varying(255), "fcm_token" character varying(4096), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_861b8d989a486f36667aa98eaf1" UNIQUE ("challenge_hash"), CONSTRAINT "PK_53589ae9a471fd0b5e8a0d18a74" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b602191dc8edc5a8ff173c3a92" ON "two_factor_challenges"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_50a182957ca94fb440357f0e2c" ON "two_factor_challenges"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "two_factor_authentications" ("user_id" integer NOT NULL, "secret_encrypted" text NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_51097c975902687b3d1be8da53b" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_recovery_codes" ADD CONSTRAINT "FK_dd306548ffdd22f617146670845" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_challenges" ADD CONSTRAINT "FK_b602191dc8edc5a8ff173c3a92f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_authentications" ADD CONSTRAINT "FK_51097c975902687b3d1be8da53b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "two_factor_authentications" DROP CONSTRAINT "FK_51097c975902687b3d1be8da53b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_challenges" DROP CONSTRAINT "FK_b602191dc8edc5a8ff173c3a92f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "two_factor_recovery_codes" DROP CONSTRAINT "FK_dd306548ffdd22f617146670845"`,
    );
    await queryRunner.query(`DROP TABLE "two_factor_authentications"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50a182957ca94fb440357f0e2c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b602191dc8edc5a8ff173c3a92"`);
    await queryRunner.query(`DROP TABLE "two_factor_challenges"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c727ef386226c6af2fbcee266"`);
    await queryRunner.query(`DROP TABLE "two_factor_recovery_codes"`);
  }
}
