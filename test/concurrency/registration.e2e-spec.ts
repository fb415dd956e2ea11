import { beforeAll, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registrationBody, uniqueEmail } from '../factories/registration.factory';
import { expectApiError, expectBareError, JSON_ACCEPT } from '../utils/api';
import { absorb, sessionIdOf, startBrowserSession, type BrowserSession } from '../utils/auth-helpers';
import {
  authenticatedAnyway,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  listen,
  tally,
} from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

const TAKEN = 'The email has already been taken.';

type Flow = 'api' | 'spa';

/**
 * Registrations at once (docs/http-contract.md §1 "Concurrency", §3 POST /register, §4 POST /api/register,
 * §5): the credential every registration gets back is the account it created, and racing registrations of one
 * email create one account whose credential goes to the one request that won.
 */
describe('concurrent registrations: POST /api/register, POST /register', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(t.server));

  interface Registration {
    owner: string;
    flow: Flow;
    body: Record<string, unknown>;
    anon?: BrowserSession;
  }

  const prepare = async (
    flow: Flow,
    email: string,
    password = `Lantern-Quarry-${randomUUID().slice(0, 8)}`,
  ): Promise<Registration> => ({
    owner: email,
    flow,
    body: registrationBody({ email, password, first_name: `First ${email.slice(0, 12)}` }),
    anon: flow === 'spa' ? await startBrowserSession(t.server) : undefined,
  });
  const send = (r: Registration) =>
    r.flow === 'api'
      ? request(t.server).post('/api/register').set(JSON_ACCEPT).send(r.body)
      : request(t.server).post('/register').set(r.anon!.headers).send(r.body);
  /** The user resource a 201 carries, and the credential it hands out. */
  const issued = (r: Registration, res: request.Response) =>
    r.flow === 'api'
      ? { user: res.body.data.user, headers: bearer(res.body.data.token as string) }
      : { user: res.body, headers: firstParty(absorb(r.anon!, res).cookie) };
  const userRows = async () =>
    (await t.db.query('SELECT id, email, password FROM users ORDER BY id')) as {
      id: number;
      email: string;
      password: string;
    }[];

  it('24 registrations of different emails at once (12 bearer, 12 session): each credential is its own account', async () => {
    const regs: Registration[] = [];
    for (let i = 0; i < 24; i++) regs.push(await prepare(i % 2 ? 'spa' : 'api', uniqueEmail(`conc${i}`)));

    const responses = expectAllAnswered(await burst(regs, send));

    expect(responses.map((r) => r.status)).toEqual(regs.map(() => 201));
    const out = regs.map((r, i) => ({ ...r, ...issued(r, responses[i]) }));
    expect(out.map((o) => o.user.email)).toEqual(regs.map((r) => r.body.email));
    expect(out.map((o) => o.user.first_name)).toEqual(regs.map((r) => r.body.first_name));
    expect(
      await crossedIdentities(
        t.server,
        out.map((o) => ({
          owner: o.owner,
          headers: o.headers,
          expect: (u) => u.email === o.body.email && u.id === o.user.id,
        })),
      ),
    ).toEqual([]);

    // One account per request, each with its own request's password; one session per browser.
    const rows = await userRows();
    expect(rows.map((r) => r.email).sort()).toEqual(regs.map((r) => r.body.email as string).sort());
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const ownPasswords = await Promise.all(
      regs.map((r) =>
        bcrypt.compare(r.body.password as string, byEmail.get(r.body.email as string)!.password),
      ),
    );
    expect(ownPasswords).toEqual(regs.map(() => true));
    const sessions = regs.flatMap((r, i) =>
      r.flow === 'spa' ? [sessionIdOf(absorb(r.anon!, responses[i]))] : [],
    );
    expect(new Set(sessions).size).toBe(12);
  });

  it('4 racing registrations for each of 6 emails (mixed flows and letter case): one account, one winner each', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => uniqueEmail(`race${i}`));
    const regs: Registration[] = [];
    for (let k = 0; k < 4; k++)
      for (const [i, email] of emails.entries())
        regs.push(await prepare((i + k) % 2 ? 'spa' : 'api', k % 2 ? email.toUpperCase() : email));
    regs.forEach((r, i) => (r.owner = `${emails[i % emails.length]}#${Math.floor(i / emails.length)}`));

    const responses = expectAllAnswered(await burst(regs, send));

    const base = (r: Registration) => (r.body.email as string).toLowerCase();
    const winners = regs.filter((_, i) => responses[i].status === 201);
    expect(tally(winners.map(base))).toEqual(tally(emails));
    for (const [i, r] of regs.entries()) {
      if (responses[i].status === 201) continue;
      if (r.flow === 'api') expectApiError(responses[i], 422, TAKEN, { email: [TAKEN] });
      else expectBareError(responses[i], 422, TAKEN, { email: [TAKEN] });
    }

    // Each email's one account is the winner's: its email as the winner sent it, its password, and
    // the credential handed to the winner (and to no one else).
    const rows = await userRows();
    expect(rows.map((r) => r.email.toLowerCase()).sort()).toEqual([...emails].sort());
    const rowOf = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
    expect(winners.map((w) => rowOf.get(base(w))!.email)).toEqual(winners.map((w) => w.body.email));
    expect(
      await Promise.all(
        regs.map((r) => bcrypt.compare(r.body.password as string, rowOf.get(base(r))!.password)),
      ),
    ).toEqual(regs.map((r) => winners.includes(r)));
    expect(
      await crossedIdentities(
        t.server,
        winners.map((w) => {
          const { headers } = issued(w, responses[regs.indexOf(w)]);
          return {
            owner: w.owner,
            headers,
            expect: (u) => u.id === rowOf.get(base(w))!.id && u.email === w.body.email,
          };
        }),
      ),
    ).toEqual([]);
    // A losing browser stays anonymous; only the winning browsers hold an authenticated session.
    const losers = regs.filter((r) => !winners.includes(r) && r.flow === 'spa');
    expect(
      await authenticatedAnyway(
        t.server,
        losers.map((l) => ({
          owner: l.owner,
          headers: firstParty(absorb(l.anon!, responses[regs.indexOf(l)]).cookie),
        })),
      ),
    ).toEqual([]);
    const authenticated = (await t.db.query('SELECT user_id FROM sessions WHERE user_id IS NOT NULL')) as {
      user_id: number;
    }[];
    expect(tally(authenticated.map((a) => a.user_id))).toEqual(
      tally(winners.filter((w) => w.flow === 'spa').map((w) => rowOf.get(base(w))!.id)),
    );
  });
});
