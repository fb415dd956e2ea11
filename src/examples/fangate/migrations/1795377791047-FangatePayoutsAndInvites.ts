import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Currencies (seeded), payout accounts and invite codes: created by the core's InitialSchema before
 * Fangate had its own migrations, hence the timestamp right after it.
 */
export class FangatePayoutsAndInvites1795377791047 implements MigrationInterface {
  name = 'FangatePayoutsAndInvites1795377791047';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A database created before the split got these tables from InitialSchema1795377791046.
    if (await queryRunner.hasTable('currencies')) return;
    await queryRunner.query(
      `CREATE TABLE "currencies" ("id" SERIAL NOT NULL, "code" character varying(3) NOT NULL, "name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9f8d0972aeeb5a2277e40332d29" UNIQUE ("code"), CONSTRAINT "PK_d528c54860c4182db13548e08c4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "invite_codes" ("id" SERIAL NOT NULL, "code" character varying(32) NOT NULL, "affiliate_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e8034125cb28e0814cd5a526c20" UNIQUE ("code"), CONSTRAINT "PK_6c0ede25edb23ae63c935138e33" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d9ea543aa815704794c19d5e78" ON "invite_codes"  ("affiliate_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payout_accounts" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "currency_id" integer NOT NULL, "bank_name" character varying(120), "account_holder" character varying(200), "account_number_encrypted" text, "account_number_last4" character varying(4), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ecdfbea1a85f334f9fd8c3a5af1" UNIQUE ("user_id"), CONSTRAINT "REL_ecdfbea1a85f334f9fd8c3a5af" UNIQUE ("user_id"), CONSTRAINT "PK_79642d5304997f09e3dfc6084d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "invite_codes" ADD CONSTRAINT "FK_d9ea543aa815704794c19d5e78f" FOREIGN KEY ("affiliate_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payout_accounts" ADD CONSTRAINT "FK_ecdfbea1a85f334f9fd8c3a5af1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payout_accounts" ADD CONSTRAINT "FK_b2030e99f11b23b2ddec365c2ee" FOREIGN KEY ("currency_id") REFERENCES "currencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "currencies" ("code", "name") VALUES ('USD', 'US Dollar'), ('EUR', 'Euro'), ('GBP', 'Pound Sterling'), ('CAD', 'Canadian Dollar'), ('AUD', 'Australian Dollar'), ('JPY', 'Japanese Yen'), ('CHF', 'Swiss Franc'), ('SEK', 'Swedish Krona'), ('NOK', 'Norwegian Krone'), ('DKK', 'Danish Krone'), ('PLN', 'Polish Zloty'), ('BRL', 'Brazilian Real'), ('MXN', 'Mexican Peso'), ('INR', 'Indian Rupee'), ('NGN', 'Nigerian Naira'), ('ZAR', 'South African Rand') ON CONFLICT DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payout_accounts" DROP CONSTRAINT "FK_b2030e99f11b23b2ddec365c2ee"`);
    await queryRunner.query(`ALTER TABLE "payout_accounts" DROP CONSTRAINT "FK_ecdfbea1a85f334f9fd8c3a5af1"`);
    await queryRunner.query(`ALTER TABLE "invite_codes" DROP CONSTRAINT "FK_d9ea543aa815704794c19d5e78f"`);
    await queryRunner.query(`DROP TABLE "payout_accounts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d9ea543aa815704794c19d5e78"`);
    await queryRunner.query(`DROP TABLE "invite_codes"`);
    await queryRunner.query(`DROP TABLE "currencies"`);
  }
}
