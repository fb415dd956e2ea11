/** The WebAuthn relying party: whose passkeys these are, and which pages may use them. */
export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  origins: string[];
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Browsers treat these as secure contexts over plain http, so a developer's setup works without TLS. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

interface WebAuthnEnv {
  WEBAUTHN_RP_ID?: string;
  WEBAUTHN_RP_NAME?: string;
  WEBAUTHN_ORIGINS?: string;
}

interface Context {
  frontendUrl: string;
  appName: string;
  production: boolean;
  /** AUTH_FEATURES has `passkeys`: without it nothing is checked, nothing uses the values. */
  enabled: boolean;
}

/**
 * Defaults from FRONTEND_URL (the SPA's page is where passkeys are made and used). Checked at boot
 * against the rules browsers apply, so a misconfiguration stops the start instead of failing every
 * ceremony later: each origin must be the RP id or one of its subdomains, and in production https
 * (browsers allow plain http on loopback hosts only; a development FRONTEND_URL may be anything).
 */
export function webAuthnConfig(
  e: WebAuthnEnv,
  { frontendUrl, appName, production, enabled }: Context,
): WebAuthnConfig {
  const rpId = (e.WEBAUTHN_RP_ID ?? new URL(frontendUrl).hostname).toLowerCase();
  const rawOrigins = e.WEBAUTHN_ORIGINS
    ? e.WEBAUTHN_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [new URL(frontendUrl).origin];
  const problems: string[] = [];
  if (!DOMAIN.test(rpId)) problems.push(`WEBAUTHN_RP_ID must be a bare domain name (got "${rpId}")`);
  const origins: string[] = [];
  for (const raw of rawOrigins) {
    const problem = originProblem(raw, rpId, production);
    if (problem) problems.push(`WEBAUTHN_ORIGINS: ${problem}`);
    else origins.push(new URL(raw).origin);
  }
  if (!origins.length && !problems.length) problems.push('WEBAUTHN_ORIGINS must list at least one origin');
  if (problems.length && enabled)
    throw new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { rpId, rpName: e.WEBAUTHN_RP_NAME?.trim() || appName, origins };
}

function originProblem(raw: string, rpId: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL`;
  }
  if (!/^https?:$/.test(url.protocol)) return `"${raw}" must be an http(s) origin`;
  if (url.origin !== raw.replace(/\/+$/, ''))
    return `"${raw}" must be an origin (scheme://host[:port], no path)`;
  if (production && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname))
    return `"${raw}" must use https in production (plain http only on localhost)`;
  if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`))
    return `"${raw}" is not on the relying party's domain ${rpId} (or a subdomain of it)`;
  return null;
}
