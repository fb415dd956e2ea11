import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;
/** Generous for any real authenticator, small enough to refuse junk before any decoding. */
const MAX_FIELD = 16_384;

const isB64 = (v: unknown, optional = false): boolean =>
  (optional && (v === undefined || v === null)) ||
  (typeof v === 'string' && v.length > 0 && v.length <= MAX_FIELD && B64URL.test(v));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function hasEnvelope(json: Record<string, unknown>): json is Record<string, unknown> & {
  response: Record<string, unknown>;
} {
  return (
    isB64(json.id) &&
    isB64(json.rawId) &&
    json.type === 'public-key' &&
    isRecord(json.response) &&
    isB64(json.response.clientDataJSON)
  );
}

/** The browser's JSON of a `create()` answer, or null when it does not even have the right shape. */
export function asRegistration(json: Record<string, unknown>): RegistrationResponseJSON | null {
  if (!hasEnvelope(json) || !isB64(json.response.attestationObject)) return null;
  return { ...json, clientExtensionResults: {} } as unknown as RegistrationResponseJSON;
}

/** The browser's JSON of a `get()` answer, or null when it does not even have the right shape. */
export function asAssertion(json: Record<string, unknown>): AuthenticationResponseJSON | null {
  if (
    !hasEnvelope(json) ||
    !isB64(json.response.authenticatorData) ||
    !isB64(json.response.signature) ||
    !isB64(json.response.userHandle, true)
  )
    return null;
  return { ...json, clientExtensionResults: {} } as unknown as AuthenticationResponseJSON;
}
