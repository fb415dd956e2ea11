import { MigrationInterface, QueryRunner } from 'typeorm';

export class SecurityEvents1795378249999 implements MigrationInterface {
  name = 'SecurityEvents1795378249999';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "security_events" ("id" BIGSERIAL NOT NULL, "user_id" integer, "kind" character varying(64) NOT NULL, "ip_address" character varying(45), "user_agent" text, "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6fc100d6700780737348df0d3ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_87123d25025bb5487c4baf9b46" ON "security_events"  ("user_id", "created_at") `,
    );
    // Hand-written: the log is append-only. TRUNCATE (test resets, retention jobs) is a separate,
    // deliberate operation and stays possible.
    await queryRunner.query(
      `CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'security_events is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON "security_events" FOR EACH ROW EXECUTE FUNCTION security_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER security_events_append_only ON "security_events"`);
    await queryRunner.query(`DROP FUNCTION security_events_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_87123d25025bb5487c4baf9b46"`);
    await queryRunner.query(`DROP TABLE "security_events"`);
  }
}
