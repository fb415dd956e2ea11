import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './auth.config';

const KEY = 'base64:' + Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64');
const load = (env: Record<string, string>) =>
  loadConfig({ APP_KEY: KEY, VAR_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), ...env });

describe('loadConfig', () => {
  it('reads TRUST_PROXY as Express expects: booleans, hop counts and address lists', () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('refuses a production start without APP_KEY, and placeholder keys anywhere', () => {
    expect(() => loadConfig({ APP_ENV: 'production', VAR_DIR: mkdtempSync(join(tmpdir(), 'cfg-')) })).toThrow(
      /APP_KEY is required/,
    );
    expect(() => load({ APP_KEY: 'changeme' })).toThrow(/placeholder/);
  });

  it('lists every bad variable in one error', () => {
    expect(() => load({ PORT: 'abc', SESSION_SAME_SITE: 'sometimes', AUTH_FEATURES: 'tokens' })).toThrow(
      /PORT[\s\S]*SESSION_SAME_SITE/,
    );
  });
});
