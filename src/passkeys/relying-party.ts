import { Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { createHmac, randomFillSync } from 'node:crypto';
import { CryptoSettings, WebAuthnSettings } from '../config/settings';
import type { User } from '../users/user.entity';
import type { Passkey } from './passkey.entity';

/** How long the user has to answer the browser's prompt; the challenge lives as long. */
export const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000;

export interface NewCredential {
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string;
  aaguid: string;
  deviceType: string;
  backedUp: boolean;
}

/** A verification that failed for the client's reasons (bad signature, origin, RP id, flags). */
export class CeremonyRejected extends Error {}

const descriptor = (p: Passkey) => ({
  id: p.credentialId,
  transports: p.transports ? p.transports.split(',') : undefined,
});

/**
 * The one place that speaks WebAuthn, through @simplewebauthn/server: options out, responses
 * verified against the configured RP id and origins. Discoverable credentials and user
 * verification are required, so a passkey alone is a multi-factor login.
 */
@Injectable()
export class RelyingParty {
  constructor(
    private readonly rp: WebAuthnSettings,
    private readonly crypto: CryptoSettings,
  ) {}

  newChallenge(): Uint8Array<ArrayBuffer> {
    return randomFillSync(new Uint8Array(32));
  }

  /** The challenge a response answers, as its clientDataJSON carries it; null when unreadable. */
  challengeOf(clientDataJSON: string): string | null {
    try {
      const { challenge } = decodeClientDataJSON(clientDataJSON);
      return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 64
        ? challenge
        : null;
    } catch {
      return null;
    }
  }

  registrationOptions(
    user: User,
    existing: Passkey[],
    challenge: Uint8Array<ArrayBuffer>,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const displayName = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
    return generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: user.email,
      userDisplayName: displayName,
      userID: this.userHandle(user.id),
      challenge,
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: existing.map(descriptor),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      },
    });
  }

  loginOptions(
    allow: Passkey[] | { decoyFor: string } | null,
    challenge: Uint8Array<ArrayBuffer>,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.rp.rpId,
      challenge,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required',
      allowCredentials: !allow
        ? undefined
        : Array.isArray(allow)
          ? allow.map(descriptor)
          : [{ id: this.decoyCredentialId(allow.decoyFor) }],
    });
  }

  async verifyRegistration(response: RegistrationResponseJSON, challenge: string): Promise<NewCredential> {
    const verified = await this.rejectOnError(() =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: [...this.rp.origins],
        expectedRPID: this.rp.rpId,
        requireUserPresence: true,
        requireUserVerification: true,
      }),
    );
    if (!verified.verified) throw new CeremonyRejected('registration not verified');
    const info = verified.registrationInfo;
    return {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      counter: info.credential.counter,
      transports: (Array.isArray(response.response.transports) ? response.response.transports : [])
        .filter((t: unknown) => typeof t === 'string' && /^[a-z-]{1,20}$/.test(t))
        .slice(0, 8)
        .join(','),
      aaguid: info.aaguid,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
    };
  }

  /**
   * Checks the signature, origin, RP id, challenge and UP/UV flags, and returns the counter the
   * authenticator reported. The counter is not compared here: PasskeysRepository.recordUse compares
   * and stores it in one statement, so that racing assertions cannot both pass.
   */
  async verifyAssertion(
    response: AuthenticationResponseJSON,
    challenge: string,
    passkey: Passkey,
  ): Promise<number> {
    const verified = await this.rejectOnError(() =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: [...this.rp.origins],
        expectedRPID: this.rp.rpId,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0 },
        requireUserVerification: true,
      }),
    );
    if (!verified.verified) throw new CeremonyRejected('assertion not verified');
    const handle = response.response.userHandle;
    if (handle && handle !== Buffer.from(this.userHandle(passkey.userId)).toString('base64url'))
      throw new CeremonyRejected('user handle of another account');
    return verified.authenticationInfo.newCounter;
  }

  /**
   * WebAuthn's user.id: stable per account (an authenticator keeps one passkey per account and RP)
   * and without personal data, derived from the app key rather than stored.
   */
  private userHandle(userId: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.mac(`passkey-user-handle:${userId}`));
  }

  /** Email-first options for an email with no passkeys look like those of one with a passkey. */
  private decoyCredentialId(email: string): string {
    return this.mac(`passkey-decoy:${email.toLowerCase()}`).toString('base64url');
  }

  private mac(label: string): Buffer {
    return createHmac('sha256', this.crypto.appKey).update(label).digest();
  }

  private async rejectOnError<T>(verify: () => Promise<T>): Promise<T> {
    try {
      return await verify();
    } catch (err) {
      throw new CeremonyRejected((err as Error).message);
    }
  }
}
