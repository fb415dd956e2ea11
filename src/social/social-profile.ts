import type { SocialProvider } from '../config/auth.config';

/** What the module keeps of a provider's profile, whatever the provider. */
export interface SocialIdentity {
  provider: SocialProvider;
  id: string;
  email: string | null;
  /** Only when the provider asserts the address is verified (Google's `email_verified`). */
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  displayName: string | null;
  avatarUrl: string | null;
  accessToken: string;
  /** Refresh token (OAuth 2) or token secret (OAuth 1.0a). */
  secret: string | null;
}

interface PassportProfile {
  id: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string };
  emails?: { value: string; verified?: boolean | string }[];
  photos?: { value: string }[];
  _json?: Record<string, unknown>;
}

export function toIdentity(
  provider: SocialProvider,
  profile: PassportProfile,
  accessToken: string,
  secret: string | null,
): SocialIdentity {
  const json = profile._json ?? {};
  const email = profile.emails?.[0]?.value ?? (typeof json.email === 'string' ? json.email : null);
  const [first = '', ...rest] = (profile.displayName ?? '').trim().split(/\s+/);
  const verifiedFlag = json.email_verified ?? profile.emails?.[0]?.verified;
  return {
    provider,
    id: String(profile.id),
    email: email ? email.trim().slice(0, 255) : null,
    // Facebook and Twitter do not say whether an address is verified, so only Google can assert it.
    emailVerified: provider === 'google' && (verifiedFlag === true || verifiedFlag === 'true'),
    firstName: (profile.name?.givenName || first || provider).slice(0, 100),
    lastName: (profile.name?.familyName || rest.join(' ') || '').slice(0, 100),
    displayName: profile.displayName?.slice(0, 255) ?? null,
    avatarUrl: profile.photos?.[0]?.value?.slice(0, 2048) ?? null,
    accessToken,
    secret,
  };
}
