import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The verify_credentials fields passport-twitter reads. */
export interface FakeTwitterProfile {
  id_str: string;
  name?: string;
  screen_name?: string;
  email?: string;
  profile_image_url_https?: string;
}

interface RequestToken {
  secret: string;
  callback: string;
  verifier?: string;
  /** The person who approved it at the consent page (when the flow named one). */
  who?: FakeTwitterProfile;
}

interface AccessToken {
  secret: string;
  /** Whose token it is; unset: whoever `profile` is at the time of the call. */
  who?: FakeTwitterProfile;
}

/** RFC 3986 percent-encoding, as OAuth 1.0a signatures need it. */
const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const random = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * A small but real OAuth 1.0a provider on 127.0.0.1, shaped like Twitter's: request token →
 * authenticate (consent) → access token → verify_credentials. It checks the consumer key and the
 * HMAC-SHA1 signature of every call (consumer secret + the token secret it issued), so the app's
 * request-token store must hand the right secret back.
 *
 * Who consents: by default `profile` (one person at a time). A flow can name its own person, as a
 * browser signed in at Twitter would: `signInAs(authenticateUrl, profile)` adds Twitter's
 * `screen_name` parameter; the consent page binds the request token to that person, and the
 * access token traded for it (and so verify_credentials) answers for them, whoever else is mid-flow.
 */
export class FakeTwitter {
  readonly consumerKey = 'twitter-consumer-key';
  readonly consumerSecret = 'twitter-consumer-secret';
  profile: FakeTwitterProfile = { id_str: '1' };
  /** The next consent is refused: /oauth/authenticate sends the browser back with `denied=<token>`. */
  deny = false;
  /** The next access-token calls fail with 401, as Twitter does for a bad or expired verifier. */
  failAccessToken = false;
  /** The `oauth_callback` of the last request token. */
  lastCallback?: string;
  /** Every access token and secret issued, oldest first. */
  readonly issued: { token: string; secret: string }[] = [];

  private readonly requestTokens = new Map<string, RequestToken>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** screen_name → the person who signs in with it. */
  private readonly people = new Map<string, FakeTwitterProfile>();
  private server?: Server;
  private base = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => this.send(res, 500, err.message));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  /** Per-test switches back to a consenting, working provider. */
  reset(): void {
    this.deny = false;
    this.failAccessToken = false;
  }

  /**
   * The authenticate URL the app sent the browser to, for a browser in which `profile` is signed in
   * at Twitter: the request token, access token and profile of this flow are theirs.
   */
  signInAs(authenticateUrl: string, profile: FakeTwitterProfile): string {
    const handle = profile.screen_name ?? profile.id_str;
    this.people.set(handle, profile);
    const url = new URL(authenticateUrl);
    url.searchParams.set('screen_name', handle);
    return url.toString();
  }

  /** Environment variables that point the app's Twitter strategy at this server. */
  env(base: string): Record<string, string> {
    return {
      TWITTER_CONSUMER_KEY: this.consumerKey,
      TWITTER_CONSUMER_SECRET: this.consumerSecret,
      TWITTER_REQUEST_TOKEN_URL: `${base}/oauth/request_token`,
      TWITTER_AUTHORIZATION_URL: `${base}/oauth/authenticate`,
      TWITTER_ACCESS_TOKEN_URL: `${base}/oauth/access_token`,
      TWITTER_PROFILE_URL: `${base}/1.1/account/verify_credentials.json`,
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server) return resolve();
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /oauth/authenticate') return this.authenticate(url, res);

    const body = new URLSearchParams(await readBody(req));
    const oauth = parseAuthorization(req.headers.authorization);
    if (!oauth || oauth.oauth_consumer_key !== this.consumerKey) {
      return this.send(
        res,
        401,
        JSON.stringify({ errors: [{ code: 32, message: 'Could not authenticate you.' }] }),
      );
    }
    switch (route) {
      case 'POST /oauth/request_token': {
        if (!this.signed(req.method, url, body, oauth, '')) return this.badSignature(res);
        const token = random(16);
        const secret = random(20);
        this.lastCallback = oauth.oauth_callback;
        this.requestTokens.set(token, { secret, callback: oauth.oauth_callback ?? '' });
        return this.form(res, {
          oauth_token: token,
          oauth_token_secret: secret,
          oauth_callback_confirmed: 'true',
        });
      }
      case 'POST /oauth/access_token': {
        const pending = this.requestTokens.get(oauth.oauth_token ?? '');
        if (!pending || !this.signed(req.method, url, body, oauth, pending.secret))
          return this.badSignature(res);
        if (this.failAccessToken || !pending.verifier || pending.verifier !== oauth.oauth_verifier) {
          return this.send(res, 401, 'Invalid request token.');
        }
        this.requestTokens.delete(oauth.oauth_token!);
        const who = pending.who ?? this.profile;
        const issued = { token: `${who.id_str}-${random(16)}`, secret: random(20) };
        this.accessTokens.set(issued.token, { secret: issued.secret, who: pending.who });
        this.issued.push(issued);
        return this.form(res, {
          oauth_token: issued.token,
          oauth_token_secret: issued.secret,
          user_id: who.id_str,
          screen_name: who.screen_name ?? '',
        });
      }
      case 'GET /1.1/account/verify_credentials.json': {
        const access = this.accessTokens.get(oauth.oauth_token ?? '');
        if (access === undefined || !this.signed(req.method, url, body, oauth, access.secret)) {
          return this.badSignature(res);
        }
        // Twitter only returns the address when the app asks for it (and is allowed to).
        const { email, ...rest } = access.who ?? this.profile;
        const withEmail = url.searchParams.get('include_email') === 'true';
        res.setHeader('Content-Type', 'application/json');
        return this.send(res, 200, JSON.stringify(withEmail ? { ...rest, email } : rest));
      }
      default:
        return this.send(res, 404, 'Not found');
    }
  }

  /** The consent page: the user approves (oauth_verifier) or refuses (denied). */
  private authenticate(url: URL, res: ServerResponse): void {
    const token = url.searchParams.get('oauth_token') ?? '';
    const pending = this.requestTokens.get(token);
    if (!pending) return this.send(res, 400, 'Invalid request token.');
    const back = new URL(pending.callback);
    const handle = url.searchParams.get('screen_name');
    if (handle !== null) {
      pending.who = this.people.get(handle);
      // A handle nobody registered: refuse rather than silently sign in the default person.
      if (!pending.who) return this.send(res, 400, `Unknown screen_name ${handle}.`);
    }
    if (this.deny) {
      this.requestTokens.delete(token);
      back.searchParams.set('denied', token);
    } else {
      pending.verifier = random(12);
      back.searchParams.set('oauth_token', token);
      back.searchParams.set('oauth_verifier', pending.verifier);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  /** HMAC-SHA1 over RFC 5849's signature base string (query, form body and oauth_* header params). */
  private signed(
    method: string | undefined,
    url: URL,
    body: URLSearchParams,
    oauth: Record<string, string>,
    tokenSecret: string,
  ): boolean {
    if (oauth.oauth_signature_method !== 'HMAC-SHA1' || !oauth.oauth_signature) return false;
    const params: [string, string][] = [...url.searchParams, ...body];
    for (const [k, v] of Object.entries(oauth))
      if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
    const normalised = params
      .map(([k, v]) => [encode(k), encode(v)])
      .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const baseString = [method ?? 'GET', encode(`${this.base}${url.pathname}`), encode(normalised)].join('&');
    const expected = createHmac('sha1', `${encode(this.consumerSecret)}&${encode(tokenSecret)}`)
      .update(baseString)
      .digest();
    const given = Buffer.from(oauth.oauth_signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private badSignature(res: ServerResponse): void {
    this.send(res, 401, JSON.stringify({ errors: [{ code: 32, message: 'Could not authenticate you.' }] }));
  }

  private form(res: ServerResponse, fields: Record<string, string>): void {
    res.setHeader('Content-Type', 'application/x-www-form-urlencoded');
    this.send(res, 200, new URLSearchParams(fields).toString());
  }

  private send(res: ServerResponse, status: number, body: string): void {
    res.statusCode = status;
    res.end(body);
  }
}

/** `OAuth k="v", ...` → {k: v}; undefined for anything that is not an OAuth header. */
function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith('OAuth ')) return undefined;
  const out: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([\w.-]+)="([^"]*)"/g))
    out[decodeURIComponent(m[1])] = decodeURIComponent(m[2]);
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
