import { MigrationInterface, QueryRunner } from 'typeorm';

/** BeatPass tables: tracks, purchases, artist follows, conversations, beat requests. */
export class BeatpassResources1795380074734 implements MigrationInterface {
  name = 'BeatpassResources1795380074734';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A database created before the examples had their own migrations got these tables from
    // ExampleResources1795380074734: nothing to do there.
    if (await queryRunner.hasTable('tracks')) return;
    await queryRunner.query(
      `CREATE TABLE "artist_follows" ("follower_id" integer NOT NULL, "artist_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_853295b1145dba0f98db3d244bd" PRIMARY KEY ("follower_id", "artist_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e7bf16726d4edd059c71c7b424" ON "artist_follows"  ("artist_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "beat_requests" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "title" character varying(200) NOT NULL, "budget" numeric(10,2), "status" character varying(16) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3490b546cd64fe5c9bbd869ddcd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e3918d3a9b7e6a5aa99a9550b3" ON "beat_requests"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "conversations" ("id" SERIAL NOT NULL, "subject" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_participants" ("conversation_id" integer NOT NULL, "user_id" integer NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fdcd6405d74e797f10fa8360338" PRIMARY KEY ("conversation_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_377d4041a495b81ee1a85ae026" ON "conversation_participants"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tracks" ("id" SERIAL NOT NULL, "producer_id" integer NOT NULL, "title" character varying(200) NOT NULL, "price" numeric(10,2) NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_242a37ffc7870380f0e611986e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d921f665e6e80eebf23fff5dfc" ON "tracks"  ("producer_id") `);
    await queryRunner.query(
      `CREATE TABLE "purchases" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "track_id" integer NOT NULL, "amount" numeric(10,2) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1d55032f37a34c6eceacbbca6b8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_024ddf7e04177a07fcb9806a90" ON "purchases"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ab0bf2af592bd55d25a9f1aa05" ON "purchases"  ("track_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "purchases_one_pending_per_track" ON "purchases"  ("user_id", "track_id") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `ALTER TABLE "artist_follows" ADD CONSTRAINT "FK_5a568aff4e1258a1d0d89b9204e" FOREIGN KEY ("follower_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "artist_follows" ADD CONSTRAINT "FK_e7bf16726d4edd059c71c7b4248" FOREIGN KEY ("artist_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "beat_requests" ADD CONSTRAINT "FK_e3918d3a9b7e6a5aa99a9550b30" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_participants" ADD CONSTRAINT "FK_1559e8a16b828f2e836a2312800" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_participants" ADD CONSTRAINT "FK_377d4041a495b81ee1a85ae026f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tracks" ADD CONSTRAINT "FK_d921f665e6e80eebf23fff5dfc1" FOREIGN KEY ("producer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchases" ADD CONSTRAINT "FK_024ddf7e04177a07fcb9806a90a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchases" ADD CONSTRAINT "FK_ab0bf2af592bd55d25a9f1aa054" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "purchases" DROP CONSTRAINT "FK_ab0bf2af592bd55d25a9f1aa054"`);
    await queryRunner.query(`ALTER TABLE "purchases" DROP CONSTRAINT "FK_024ddf7e04177a07fcb9806a90a"`);
    await queryRunner.query(`ALTER TABLE "tracks" DROP CONSTRAINT "FK_d921f665e6e80eebf23fff5dfc1"`);
    await queryRunner.query(
      `ALTER TABLE "conversation_participants" DROP CONSTRAINT "FK_377d4041a495b81ee1a85ae026f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_participants" DROP CONSTRAINT "FK_1559e8a16b828f2e836a2312800"`,
    );
    await queryRunner.query(`ALTER TABLE "beat_requests" DROP CONSTRAINT "FK_e3918d3a9b7e6a5aa99a9550b30"`);
    await queryRunner.query(`ALTER TABLE "artist_follows" DROP CONSTRAINT "FK_e7bf16726d4edd059c71c7b4248"`);
    await queryRunner.query(`ALTER TABLE "artist_follows" DROP CONSTRAINT "FK_5a568aff4e1258a1d0d89b9204e"`);
    await queryRunner.query(`DROP INDEX "public"."purchases_one_pending_per_track"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab0bf2af592bd55d25a9f1aa05"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_024ddf7e04177a07fcb9806a90"`);
    await queryRunner.query(`DROP TABLE "purchases"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d921f665e6e80eebf23fff5dfc"`);
    await queryRunner.query(`DROP TABLE "tracks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_377d4041a495b81ee1a85ae026"`);
    await queryRunner.query(`DROP TABLE "conversation_participants"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e3918d3a9b7e6a5aa99a9550b3"`);
    await queryRunner.query(`DROP TABLE "beat_requests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7bf16726d4edd059c71c7b424"`);
    await queryRunner.query(`DROP TABLE "artist_follows"`);
  }
}
