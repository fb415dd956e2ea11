import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795377791046 implements MigrationInterface {
  name = 'InitialSchema1795377791046';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "currencies" ("id" SERIAL NOT NULL, "code" character varying(3) NOT NULL, "name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9f8d0972aeeb5a2277e40332d29" UNIQUE ("code"), CONSTRAINT "PK_d528c54860c4182db13548e08c4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying(255) NOT NULL, "password" character varying(255), "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "birth_date" date, "email_verified_at" TIMESTAMP WITH TIME ZONE, "roles" text array NOT NULL DEFAULT '{}', "currency_id" integer NOT NULL, "fee_percentage" numeric(5,2), "master_id" integer, "referred_by_id" integer, "adult_content" jsonb NOT NULL DEFAULT '{}', "features" jsonb NOT NULL DEFAULT '{}', "avatar_url" character varying(2048), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "personal_access_tokens" ("id" BIGSERIAL NOT NULL, "user_id" integer NOT NULL, "name" character varying(255) NOT NULL, "token_hash" character(64) NOT NULL, "abilities" jsonb NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "device_name" character varying(255), "ip_address" character varying(45), "user_agent" text, "fcm_token" character varying(4096), "password_confirmed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_aeabcd81e2cb4d39ed487532408" UNIQUE ("token_hash"), CONSTRAINT "PK_b6dc462fa11dbbb897eb8419735" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_705e457b9b167e4779e737ca3e" ON "personal_access_tokens"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2110ffa9a872e203f5f0b78b9a" ON "personal_access_tokens"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64) NOT NULL, "user_id" integer, "ip_address" character varying(45), "user_agent" text, "payload" jsonb NOT NULL DEFAULT '{}', "remember" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_abaa9e068cdd390bc5210f79884" UNIQUE ("token_hash"), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_f77bff4ae7cf7ee7cc7732f8ac" ON "sessions"  ("last_activity_at") `,
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
      `ALTER TABLE "users" ADD CONSTRAINT "FK_4fce05fbaa74e7e255fa0f33b10" FOREIGN KEY ("currency_id") REFERENCES "currencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_07e9fcb5d21c90715401da54e6a" FOREIGN KEY ("master_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_a78a00605c95ca6737389f6360b" FOREIGN KEY ("referred_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "personal_access_tokens" ADD CONSTRAINT "FK_705e457b9b167e4779e737ca3ef" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
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
    // Hand-written: case-insensitive email uniqueness (an expression index TypeORM cannot express).
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_lower_unique" ON "users" (lower("email"))`);
    await queryRunner.query(
      `INSERT INTO "currencies" ("code", "name") VALUES ('USD', 'US Dollar'), ('EUR', 'Euro'), ('GBP', 'Pound Sterling'), ('CAD', 'Canadian Dollar'), ('AUD', 'Australian Dollar'), ('JPY', 'Japanese Yen'), ('CHF', 'Swiss Franc'), ('SEK', 'Swedish Krona'), ('NOK', 'Norwegian Krone'), ('DKK', 'Danish Krone'), ('PLN', 'Polish Zloty'), ('BRL', 'Brazilian Real'), ('MXN', 'Mexican Peso'), ('INR', 'Indian Rupee'), ('NGN', 'Nigerian Naira'), ('ZAR', 'South African Rand') ON CONFLICT DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."users_email_lower_unique"`);
    await queryRunner.query(`ALTER TABLE "payout_accounts" DROP CONSTRAINT "FK_b2030e99f11b23b2ddec365c2ee"`);
    await queryRunner.query(`ALTER TABLE "payout_accounts" DROP CONSTRAINT "FK_ecdfbea1a85f334f9fd8c3a5af1"`);
    await queryRunner.query(`ALTER TABLE "invite_codes" DROP CONSTRAINT "FK_d9ea543aa815704794c19d5e78f"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(
      `ALTER TABLE "personal_access_tokens" DROP CONSTRAINT "FK_705e457b9b167e4779e737ca3ef"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_a78a00605c95ca6737389f6360b"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_07e9fcb5d21c90715401da54e6a"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_4fce05fbaa74e7e255fa0f33b10"`);
    await queryRunner.query(`DROP TABLE "payout_accounts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d9ea543aa815704794c19d5e78"`);
    await queryRunner.query(`DROP TABLE "invite_codes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f77bff4ae7cf7ee7cc7732f8ac"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_085d540d9f418cfbdc7bd55bb1"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2110ffa9a872e203f5f0b78b9a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_705e457b9b167e4779e737ca3e"`);
    await queryRunner.query(`DROP TABLE "personal_access_tokens"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "currencies"`);
  }
}
