import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * fangate_accounts: Fangate's side of each account. These settings were columns of `users` until
 * Fangate became an example module of its own; a database that still has them gets every user's
 * values copied here and the columns dropped from `users`, which the core owns. (down() only drops
 * the table: it does not put the columns back.)
 */
export class FangateAccounts1796146597683 implements MigrationInterface {
  name = 'FangateAccounts1796146597683';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fangate_accounts" ("user_id" integer NOT NULL, "currency_id" integer NOT NULL, "fee_percentage" numeric(5,2), "master_id" integer, "referred_by_id" integer, "adult_content" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_dd2c4cd6f8e891200bafd4ba69b" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ef35f25d3f530599a23c3f3bbf" ON "fangate_accounts"  ("referred_by_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" ADD CONSTRAINT "FK_dd2c4cd6f8e891200bafd4ba69b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" ADD CONSTRAINT "FK_680620264dc3ffa4c4bf98fb183" FOREIGN KEY ("currency_id") REFERENCES "currencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" ADD CONSTRAINT "FK_547f1e38d2eccaab6d47d2672ef" FOREIGN KEY ("master_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" ADD CONSTRAINT "FK_ef35f25d3f530599a23c3f3bbf4" FOREIGN KEY ("referred_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Hand-written: the move off `users` of a database created before the split.
    if (await queryRunner.hasColumn('users', 'currency_id')) {
      await queryRunner.query(
        `INSERT INTO "fangate_accounts" ("user_id", "currency_id", "fee_percentage", "master_id", "referred_by_id", "adult_content") SELECT "id", "currency_id", "fee_percentage", "master_id", "referred_by_id", "adult_content" FROM "users"`,
      );
      // Their foreign keys go with them.
      await queryRunner.query(
        `ALTER TABLE "users" DROP COLUMN "currency_id", DROP COLUMN "fee_percentage", DROP COLUMN "master_id", DROP COLUMN "referred_by_id", DROP COLUMN "adult_content"`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" DROP CONSTRAINT "FK_ef35f25d3f530599a23c3f3bbf4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" DROP CONSTRAINT "FK_547f1e38d2eccaab6d47d2672ef"`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" DROP CONSTRAINT "FK_680620264dc3ffa4c4bf98fb183"`,
    );
    await queryRunner.query(
      `ALTER TABLE "fangate_accounts" DROP CONSTRAINT "FK_dd2c4cd6f8e891200bafd4ba69b"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_ef35f25d3f530599a23c3f3bbf"`);
    await queryRunner.query(`DROP TABLE "fangate_accounts"`);
  }
}
