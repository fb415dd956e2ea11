import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { uniqueEmail } from '../factories/registration.factory';
import { JSON_ACCEPT } from '../utils/api';
import {
  accounts,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  listen,
  tally,
  type Account,
} from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const ACCOUNTS = 10;
const BATCHES = 20;
const ROWS = 4;

/**
 * POST /api/login/batch from many clients at once (docs/http-contract.md §1 "Concurrency", §4): rows of
 * different accounts run concurrently inside a batch and across batches; every row's token must be that row's
 * account, in request order, with the batch's own device_name.
 */
describe('concurrent batch logins: POST /api/login/batch', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(t.server));

  interface Row {
    /** The account the row logs in to (none for an unknown email). */
    user?: Account;
    email: string;
    password: string;
    correct: boolean;
  }
  interface Batch {
    owner: string;
    device: string;
    rows: Row[];
  }

  it(`${BATCHES} batches of ${ROWS} rows for ${ACCOUNTS} accounts at once: every row's token is its own`, async () => {
    const users = await accounts(t.db, ACCOUNTS, 'batch');
    // Batch b logs in to accounts b, b+1, b+2 (each account is in 6 batches: below the 10 checks of one
    // email allowed in flight) and, as its last row, one of: a wrong password for account b (another
    // account's right one on even batches), or an unknown email. Each account gets at most 2 wrong rows.
    const batches: Batch[] = Array.from({ length: BATCHES }, (_, b) => {
      const mine = [0, 1, 2].map((k) => users[(b + k) % ACCOUNTS]);
      const rows: Row[] = mine.map((user) => ({
        user,
        email: user.email,
        password: user.plainPassword,
        correct: true,
      }));
      const wrongFor = mine[0];
      rows.push(
        b % 4 === 3
          ? { email: uniqueEmail('nobody'), password: 'Whatever-123', correct: false }
          : {
              user: wrongFor,
              email: wrongFor.email,
              password: b % 2 ? `Not-${wrongFor.plainPassword}` : users[(b + 5) % ACCOUNTS].plainPassword,
              correct: false,
            },
      );
      // Row order varies between batches, so that "request order" is not "sorted by account".
      if (b % 2) rows.reverse();
      return { owner: `batch-${b}`, device: `batch-device-${b}`, rows };
    });
    const wrongPerAccount = tally(
      batches.flatMap((b) => b.rows.filter((r) => !r.correct && r.user).map((r) => r.user!.id)),
    );
    expect(Math.max(...Object.values(wrongPerAccount))).toBeLessThanOrEqual(2);
    expect(batches.flatMap((b) => b.rows).length).toBe(BATCHES * ROWS);

    const responses = expectAllAnswered(
      await burst(batches, (b) =>
        request(t.server)
          .post('/api/login/batch')
          .set(JSON_ACCEPT)
          .send({
            device_name: b.device,
            accounts: b.rows.map((r) => ({ email: r.email, password: r.password })),
          }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(batches.map(() => 200));
    const results = responses.map(
      (r) =>
        r.body.data.results as {
          index: number;
          email: string;
          success: boolean;
          user?: { id: number; email: string };
          token?: string;
          errors_message?: string;
        }[],
    );
    // Request order, each row answered for its own email, with its own outcome.
    expect(
      results.map((rs) => rs.map((r) => [r.index, r.email, r.success, r.user?.id, r.errors_message])),
    ).toEqual(
      batches.map((b) =>
        b.rows.map((row, i) =>
          row.correct
            ? [i, row.email, true, row.user!.id, undefined]
            : [i, row.email, false, undefined, INVALID],
        ),
      ),
    );
    for (const rs of results) for (const r of rs) if (!r.success) expect(r.token).toBeUndefined();

    const won = batches.flatMap((b, i) =>
      b.rows.flatMap((row, k) => (row.correct ? [{ batch: b, row, token: results[i][k].token! }] : [])),
    );
    expect(new Set(won.map((w) => w.token)).size).toBe(won.length);
    expect(
      await crossedIdentities(
        t.server,
        won.map((w) => ({
          owner: `${w.batch.owner}/${w.row.email}`,
          headers: bearer(w.token),
          expect: (u) => u.id === w.row.user!.id && u.email === w.row.user!.email,
        })),
      ),
    ).toEqual([]);
    const rows = new Map(
      (
        (await t.db.query('SELECT id::text AS id, user_id, device_name FROM personal_access_tokens')) as {
          id: string;
          user_id: number;
          device_name: string;
        }[]
      ).map((r) => [r.id, r]),
    );
    expect(rows.size).toBe(won.length);
    expect(
      won.map((w) => {
        const row = rows.get(w.token.split('|')[0]);
        return row && [row.user_id, row.device_name];
      }),
    ).toEqual(won.map((w) => [w.row.user!.id, w.batch.device]));
  });
});
