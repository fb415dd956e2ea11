// better-auth with email and password on PostgreSQL, as its documentation sets it up, plus GET /me:
// the session and its user (auth.api.getSession), the peer of our GET /api/user. DATABASE_URL and
// PORT come from the benchmark; DATABASE_POOL_SIZE as for the app (1 on the embedded database).
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { fromNodeHeaders, toNodeHandler } from 'better-auth/node';
import { createServer } from 'node:http';
import pg from 'pg';

const port = Number(process.env.PORT);
const auth = betterAuth({
  database: new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  }),
  baseURL: `http://127.0.0.1:${port}`,
  secret: 'bench-only-secret-0123456789abcdef0123456789abcdef',
  emailAndPassword: { enabled: true },
  // The benchmark signs in many times from one address.
  rateLimit: { enabled: false },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const handle = toNodeHandler(auth);
createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (req.url !== '/me') return handle(req, res);
  auth.api.getSession({ headers: fromNodeHeaders(req.headers) }).then(
    (session) => {
      res.statusCode = session ? 200 : 401;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(session ? { user: session.user } : { message: 'Unauthenticated.' }));
    },
    (err) => {
      res.statusCode = 500;
      res.end(String(err));
    },
  );
}).listen(port, '127.0.0.1', () => console.log(`better-auth peer on ${port}`));
