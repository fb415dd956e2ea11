import { describe, expect, it } from '@jest/globals';
import { webAuthnConfig } from './webauthn.config';

const ctx = { frontendUrl: 'http://localhost:3000', appName: 'Auth API', production: false, enabled: true };

describe('webAuthnConfig', () => {
  it('defaults the relying party to the host and origin of FRONTEND_URL, its name to APP_NAME', () => {
    expect(webAuthnConfig({}, ctx)).toEqual({
      rpId: 'localhost',
      rpName: 'Auth API',
      origins: ['http://localhost:3000'],
    });
    expect(webAuthnConfig({}, { ...ctx, frontendUrl: 'https://app.example.com/spa' }).rpId).toBe(
      'app.example.com',
    );
  });

  it('accepts origins on the RP id and its subdomains', () => {
    const c = webAuthnConfig(
      {
        WEBAUTHN_RP_ID: 'example.com',
        WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com:8443/',
      },
      { ...ctx, production: true },
    );
    expect(c.origins).toEqual(['https://example.com', 'https://app.example.com:8443']);
  });

  it('refuses at boot what browsers would refuse at every ceremony', () => {
    const refuse = (env: Record<string, string>, production = false) =>
      expect(() => webAuthnConfig(env, { ...ctx, production })).toThrow(/Invalid configuration/);
    refuse({ WEBAUTHN_RP_ID: 'https://example.com' });
    refuse({ WEBAUTHN_RP_ID: 'example.com:443' });
    refuse({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://evil.com' });
    refuse({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://notexample.com' });
    refuse({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://example.com/login' });
    refuse({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'ftp://example.com' });
    refuse({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'http://example.com' }, true);
    refuse({ WEBAUTHN_ORIGINS: ' , ' });
  });

  it('allows plain http on loopback hosts in production, and checks nothing with the feature off', () => {
    expect(webAuthnConfig({}, { ...ctx, production: true }).origins).toEqual(['http://localhost:3000']);
    expect(() =>
      webAuthnConfig({ WEBAUTHN_ORIGINS: 'https://evil.com' }, { ...ctx, enabled: false }),
    ).not.toThrow();
  });
});
