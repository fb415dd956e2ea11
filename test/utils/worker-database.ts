/**
 * A setupFiles entry: points DATABASE_URL at this Jest worker's own database, which globalSetup
 * (test/utils/global-setup.ts) created and migrated, so that test files running at the same time in
 * other workers never see each other's rows. Test files keep reading process.env.DATABASE_URL.
 */
export const TEST_DATABASE_URLS = 'TEST_DATABASE_URLS';

const urls = JSON.parse(process.env[TEST_DATABASE_URLS] ?? '[]') as string[];
// Jest numbers its workers from 1 (and runs in band as worker 1).
const url = urls[Number(process.env.JEST_WORKER_ID ?? '1') - 1];
if (url) process.env.DATABASE_URL = url;
else if (urls.length) throw new Error(`no test database for Jest worker ${process.env.JEST_WORKER_ID}`);
