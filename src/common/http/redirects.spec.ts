import { describe, expect, it } from '@jest/globals';
import { isAllowlisted, withQuery } from './redirects';

const allow = ['https://app.example.com', 'https://admin.example.com/callback/', 'myapp://auth'];

describe('isAllowlisted', () => {
  it('accepts URLs under an allowlisted origin, with or without path, query and fragment', () => {
    for (const url of [
      'https://app.example.com',
      'https://app.example.com/',
      'https://app.example.com/dashboard?tab=1#top',
      'https://app.example.com:443/x', // the default port normalises away
      'HTTPS://APP.EXAMPLE.COM/x', // scheme and host normalise to lowercase
      'https://admin.example.com/callback/',
      'https://admin.example.com/callback/done?ok=1',
    ]) {
      expect({ url, ok: isAllowlisted(url, allow) }).toEqual({ url, ok: true });
    }
  });

  it('refuses look-alike hosts, other ports, schemes and path prefixes', () => {
    for (const url of [
      'https://app.example.com.evil.com/',
      'https://app.example.company/',
      'https://evil.com/https://app.example.com/',
      'https://app.example.com@evil.com/',
      'https://app.example.com:8443/',
      'http://app.example.com/',
      'https://example.com/',
      'https://admin.example.com/',
      'https://admin.example.com/callbackevil',
      'https://admin.example.com/other/../callback-x/',
    ]) {
      expect({ url, ok: isAllowlisted(url, allow) }).toEqual({ url, ok: false });
    }
  });

  it('a backslash does not smuggle in another host: it normalises to a path separator', () => {
    expect(new URL('https://app.example.com\\@evil.com').host).toBe('app.example.com');
    expect(isAllowlisted('https://app.example.com\\@evil.com', allow)).toBe(true);
    expect(isAllowlisted('https://evil.com\\@app.example.com', allow)).toBe(false);
  });

  it('accepts an allowlisted custom app scheme', () => {
    expect(isAllowlisted('myapp://auth', allow)).toBe(true);
    expect(isAllowlisted('myapp://auth/done?code=1', allow)).toBe(true);
    expect(isAllowlisted('myapp://authx', allow)).toBe(false);
    expect(isAllowlisted('otherapp://auth', allow)).toBe(false);
  });

  it('never accepts script-bearing schemes, even when allowlisted', () => {
    const dangerous = ['javascript:alert(1)', 'data:text/html,hi', 'vbscript:msgbox', 'file:///etc/passwd'];
    for (const url of dangerous) {
      expect({ url, ok: isAllowlisted(url, [...dangerous, 'javascript:', 'data:', 'file:///']) }).toEqual({
        url,
        ok: false,
      });
    }
  });

  it('refuses relative, empty and unparseable input, and everything against an empty allowlist', () => {
    for (const url of ['/dashboard', '//evil.com', 'app.example.com', '', null, undefined, 'https://']) {
      expect({ url, ok: isAllowlisted(url, allow) }).toEqual({ url, ok: false });
    }
    expect(isAllowlisted('https://app.example.com/', [])).toBe(false);
  });

  it('honours an allowlisted prefix that ends in a query', () => {
    const withQueryPrefix = ['https://app.example.com/cb?flow='];
    expect(isAllowlisted('https://app.example.com/cb?flow=login', withQueryPrefix)).toBe(true);
    expect(isAllowlisted('https://app.example.com/cb', withQueryPrefix)).toBe(false);
  });
});

describe('withQuery', () => {
  it('adds parameters, URL-encoded, keeping the ones already there', () => {
    const url = new URL(withQuery('https://app.example.com/cb?flow=login', { code: 'a b&c=d', state: 'é' }));
    expect(url.origin + url.pathname).toBe('https://app.example.com/cb');
    expect([...url.searchParams]).toEqual([
      ['flow', 'login'],
      ['code', 'a b&c=d'],
      ['state', 'é'],
    ]);
    expect(withQuery('https://app.example.com/cb', { a: '1&b=2' })).toBe(
      'https://app.example.com/cb?a=1%26b%3D2',
    );
  });

  it('replaces a parameter of the same name instead of repeating it, and keeps the fragment', () => {
    expect(withQuery('https://app.example.com/cb?error=old&x=1#frag', { error: 'new' })).toBe(
      'https://app.example.com/cb?error=new&x=1#frag',
    );
  });

  it('throws on a relative URL (callers pass allowlisted absolute ones)', () => {
    expect(() => withQuery('/cb', { a: '1' })).toThrow();
  });
});
