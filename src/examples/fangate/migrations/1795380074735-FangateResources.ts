import { MigrationInterface, QueryRunner } from 'typeorm';

/** Fangate tables: products and their media, consent tags, the wallet ledger. */
export class FangateResources1795380074735 implements MigrationInterface {
  name = 'FangateResources1795380074735';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A database created before the examples had their own migrations got these tables from
    // ExampleResources1795380074734: nothing to do there.
    if (await queryRunner.hasTable('products')) return;
    await queryRunner.query(
      `CREATE TABLE "product_media" ("id" SERIAL NOT NULL, "product_id" integer NOT NULL, "kind" character varying(16) NOT NULL, "url" character varying(2048) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09d4639de8082a32aa27f3ac9a6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e6bb4a69096db4f6a1f5bada15" ON "product_media"  ("product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "products" ("id" SERIAL NOT NULL, "creator_id" integer NOT NULL, "title" character varying(200) NOT NULL, "description" text, "price" numeric(10,2) NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'draft', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_db887c3b31abbbd920e303a017" ON "products"  ("creator_id") `);
    await queryRunner.query(
      `CREATE TABLE "consent_tags" ("id" SERIAL NOT NULL, "product_id" integer NOT NULL, "tagged_user_id" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "note" character varying(500), "responded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ce3a5523832039bd739cf564568" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_09ca499dc13c04adb698739bce" ON "consent_tags"  ("tagged_user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "consent_tags_product_user_unique" ON "consent_tags"  ("product_id", "tagged_user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet_transactions" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "kind" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'completed', "amount" numeric(12,2) NOT NULL, "product_id" integer, "description" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5120f131bde2cda940ec1a621db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4796762c619893704abbc3dce6" ON "wallet_transactions"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "product_media" ADD CONSTRAINT "FK_e6bb4a69096db4f6a1f5bada151" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "FK_db887c3b31abbbd920e303a0179" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_tags" ADD CONSTRAINT "FK_71a56d1a3158bc541a8cde4708b" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_tags" ADD CONSTRAINT "FK_09ca499dc13c04adb698739bced" FOREIGN KEY ("tagged_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wallet_transactions" ADD CONSTRAINT "FK_4796762c619893704abbc3dce65" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wallet_transactions" ADD CONSTRAINT "FK_4a48aea5971cd8dd203d6686785" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "wallet_transactions" DROP CONSTRAINT "FK_4a48aea5971cd8dd203d6686785"`,
    );
    await queryRunner.query(
      `ALTER TABLE "wallet_transactions" DROP CONSTRAINT "FK_4796762c619893704abbc3dce65"`,
    );
    await queryRunner.query(`ALTER TABLE "consent_tags" DROP CONSTRAINT "FK_09ca499dc13c04adb698739bced"`);
    await queryRunner.query(`ALTER TABLE "consent_tags" DROP CONSTRAINT "FK_71a56d1a3158bc541a8cde4708b"`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "FK_db887c3b31abbbd920e303a0179"`);
    await queryRunner.query(`ALTER TABLE "product_media" DROP CONSTRAINT "FK_e6bb4a69096db4f6a1f5bada151"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4796762c619893704abbc3dce6"`);
    await queryRunner.query(`DROP TABLE "wallet_transactions"`);
    await queryRunner.query(`DROP INDEX "public"."consent_tags_product_user_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_09ca499dc13c04adb698739bce"`);
    await queryRunner.query(`DROP TABLE "consent_tags"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db887c3b31abbbd920e303a017"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e6bb4a69096db4f6a1f5bada15"`);
    await queryRunner.query(`DROP TABLE "product_media"`);
  }
}
