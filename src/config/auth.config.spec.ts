import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './auth.config';

const KEY = 'base64:' + Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64');
const load = (env: Record<string, string>) =>
  loadConfig({ APP_KEY: KEY, VAR_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), ...env });

describe('loadConfig', () => {
  it('reads TRUST_PROXY as the server expects: booleans, hop counts and address lists', () => {
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

  it('refuses a production start on the embedded database or without mail, unless told explicitly', () => {
    const production = { APP_ENV: 'production', BCRYPT_ROUNDS: '12' };
    expect(() => load(production)).toThrow(/DATABASE_URL is required[\s\S]*MAIL_URL is required/);
    expect(() => load({ ...production, DATABASE_URL: 'postgres://db/app' })).toThrow(/MAIL_URL is required/);
    expect(() => load({ ...production, MAIL_URL: 'smtp://mail:25' })).toThrow(/DATABASE_URL is required/);
    const accepted = load({ ...production, ALLOW_EMBEDDED_DATABASE: 'true', MAIL_TO_LOG: 'true' });
    expect(accepted.production).toBe(true);
  });

  it('serves the API document outside production, and in production only with DOCS_ENABLED', () => {
    const production = {
      APP_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      MAIL_URL: 'smtp://mail:25',
    };
    expect(load({}).docsEnabled).toBe(true);
    expect(load(production).docsEnabled).toBe(false);
    expect(load({ ...production, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
  });

  it('names the command that makes a key when APP_KEY is missing or a placeholder', () => {
    expect(() => loadConfig({ APP_ENV: 'production', VAR_DIR: mkdtempSync(join(tmpdir(), 'cfg-')) })).toThrow(
      /openssl rand -base64 32/,
    );
    expect(() => load({ APP_KEY: 'changeme' })).toThrow(/openssl rand -base64 32/);
  });

  it('lists every bad variable in one error', () => {
    expect(() => load({ PORT: 'abc', SESSION_SAME_SITE: 'sometimes', AUTH_FEATURES: 'tokens' })).toThrow(
      /PORT[\s\S]*SESSION_SAME_SITE/,
    );
  });
});
