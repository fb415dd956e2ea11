import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { PASSKEY_ERRORS } from './error-codes';
import type { ChallengePurpose } from './passkey-challenge.entity';
import { PasskeysRepository } from './passkeys.repository';
import { CEREMONY_TIMEOUT_MS, RelyingParty } from './relying-party';

export interface ConsumedChallenge {
  challenge: string;
  /** The account the options were made for, if any. */
  userId: number | null;
}

/** Single-use WebAuthn challenges, stored server-side and found again through clientDataJSON. */
@Injectable()
export class PasskeyChallenges {
  constructor(
    private readonly repo: PasskeysRepository,
    private readonly rp: RelyingParty,
    private readonly clock: Clock,
  ) {}

  async issue(purpose: ChallengePurpose, userId: number | null): Promise<Uint8Array<ArrayBuffer>> {
    const bytes = this.rp.newChallenge();
    const now = this.clock.nowMs();
    await this.repo.pruneChallenges(new Date(now));
    await this.repo.insertChallenge({
      challenge: Buffer.from(bytes).toString('base64url'),
      purpose,
      userId,
      expiresAt: new Date(now + CEREMONY_TIMEOUT_MS),
    });
    return bytes;
  }

  /**
   * The challenge that `clientDataJSON` answers, consumed (it never works again, whatever the
   * verification then says). 422 on `response` when it is unreadable, unknown, expired, already
   * used, or (`forUser`) issued to someone else.
   */
  async consume(
    clientDataJSON: string,
    purpose: ChallengePurpose,
    forUser?: number,
  ): Promise<ConsumedChallenge> {
    const challenge = this.rp.challengeOf(clientDataJSON);
    const row = challenge
      ? await this.repo.consumeChallenge(challenge, purpose, this.clock.now(), forUser)
      : undefined;
    if (!challenge || !row)
      throw ValidationFailedException.field('response', PASSKEY_ERRORS.CHALLENGE_EXPIRED);
    return { challenge, userId: row.userId };
  }
}
