import { CredentialCache } from '../credential-cache/credential-cache';
import { Injectable, NotFoundException } from '@nestjs/common';
import { createHmac, hkdfSync } from 'node:crypto';
import { toString as qrToSvg } from 'qrcode';
import { Clock } from '../common/clock/clock';
import { Encrypter } from '../common/crypto/encrypter';
import { randomString } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { AppSettings, CryptoSettings } from '../config/settings';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import type { User } from '../users/user.entity';
import { TWO_FACTOR_ERRORS } from './error-codes';
import type { TwoFactorRecoveryCode } from './recovery-code.entity';
import type { TwoFactorAuthentication } from './two-factor.entity';
import { matchTotp, newTotpSecret, totpUri } from './totp';
import { TwoFactorRepository } from './two-factor.repository';

const RECOVERY_CODE_COUNT = 8;
const CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface SecondFactor {
  code?: string;
  recovery_code?: string;
}

/**
 * TOTP with recovery codes, Fortify's feature set with its weak spots fixed: a code works once per
 * user (atomic time-step claim), a recovery code works once (atomic delete), and secrets and codes
 * are encrypted at rest.
 */
@Injectable()
export class TwoFactorService {
  private readonly codeKey: Buffer;

  constructor(
    private readonly repo: TwoFactorRepository,
    private readonly encrypter: Encrypter,
    private readonly events: AccountEvents,
    private readonly app: AppSettings,
    private readonly crypto: CryptoSettings,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
  ) {
    this.codeKey = Buffer.from(hkdfSync('sha256', crypto.appKey, Buffer.alloc(0), 'recovery-codes', 32));
  }

  isEnabled(userId: number): Promise<boolean> {
    return this.repo.isConfirmed(userId);
  }

  /** Creates a secret and 8 recovery codes, inactive until confirmed. An active setup is left alone. */
  async enable(user: User, client: ClientDetails): Promise<void> {
    const existing = await this.repo.findCredential(user.id);
    if (existing?.confirmedAt) return;
    const replaced = await this.repo.replaceUnconfirmedCredential(
      user.id,
      this.encrypter.encrypt(newTotpSecret(), this.secretContext(user.id)),
      this.newCodes(user.id),
    );
    if (!replaced) return;
    await this.cache.userChanged(user.id);
    await this.events.publish(AccountEventKind.TwoFactorEnabled, user.id, client);
  }

  async qrCode(user: User): Promise<{ svg: string; url: string }> {
    const url = totpUri(this.app.name, user.email, await this.secretOf(user.id));
    return { svg: await qrToSvg(url, { type: 'svg', margin: 1 }), url };
  }

  async secretKey(user: User): Promise<string> {
    return this.secretOf(user.id);
  }

  /** The first valid code activates 2FA; that code counts as used. */
  async confirm(user: User, code: string, client: ClientDetails): Promise<void> {
    const credential = await this.repo.findCredential(user.id);
    if (!credential) throw new NotFoundException(TWO_FACTOR_ERRORS.NOT_ENABLED);
    if (!credential.confirmedAt) {
      // Confirm the secret the code was checked against: if a re-enable replaced it meanwhile,
      // the code belongs to a secret that no longer exists.
      if (
        !(await this.verifyCode(user.id, code, credential)) ||
        !(await this.repo.confirm(user.id, credential.secretEncrypted, this.clock.now()))
      )
        throw ValidationFailedException.field('code', TWO_FACTOR_ERRORS.INVALID_CODE);
      await this.cache.userChanged(user.id);
      await this.events.publish(AccountEventKind.TwoFactorConfirmed, user.id, client);
    }
  }

  async disable(user: User, client: ClientDetails): Promise<void> {
    await this.repo.remove(user.id);
    await this.cache.userChanged(user.id);
    await this.events.publish(AccountEventKind.TwoFactorDisabled, user.id, client);
  }

  async recoveryCodes(user: User): Promise<string[]> {
    await this.requireCredential(user.id);
    return (await this.repo.listCodes(user.id)).map((c) =>
      this.encrypter.decrypt(c.codeEncrypted, this.codeContext(user.id)),
    );
  }

  async regenerateRecoveryCodes(user: User, client: ClientDetails): Promise<string[]> {
    await this.requireCredential(user.id);
    await this.repo.replaceCodes(user.id, this.newCodes(user.id));
    await this.cache.userChanged(user.id);
    await this.events.publish(AccountEventKind.RecoveryCodesRegenerated, user.id, client);
    return this.recoveryCodes(user);
  }

  remainingRecoveryCodes(userId: number): Promise<number> {
    return this.repo.countCodes(userId);
  }

  /**
   * The second factor of a login: a TOTP code (claimed atomically) or a recovery code (consumed
   * atomically). Throws the contract's 422 on the field that was given.
   */
  async verifySecondFactor(userId: number, input: SecondFactor, client: ClientDetails): Promise<void> {
    if (input.recovery_code !== undefined && input.code === undefined) {
      const hash = this.codeHash(userId, input.recovery_code.trim());
      if (await this.repo.consumeCode(userId, hash)) {
        await this.cache.userChanged(userId);
        await this.events.publish(AccountEventKind.RecoveryCodeUsed, userId, client, {
          remaining: await this.repo.countCodes(userId),
        });
        return;
      }
      await this.events.publish(AccountEventKind.TwoFactorFailed, userId, client, {
        method: 'recovery_code',
      });
      throw ValidationFailedException.field('recovery_code', TWO_FACTOR_ERRORS.INVALID_RECOVERY_CODE);
    }
    if (await this.verifyCode(userId, input.code ?? '')) return;
    await this.events.publish(AccountEventKind.TwoFactorFailed, userId, client, { method: 'code' });
    throw ValidationFailedException.field('code', TWO_FACTOR_ERRORS.INVALID_CODE);
  }

  private async verifyCode(userId: number, code: string, known?: TwoFactorAuthentication): Promise<boolean> {
    const credential = known ?? (await this.repo.findCredential(userId));
    if (!credential) return false;
    const secret = this.encrypter.decrypt(credential.secretEncrypted, this.secretContext(userId));
    const last = credential.lastUsedStep === null ? undefined : Number(credential.lastUsedStep);
    const step = await matchTotp(secret, code.trim(), this.clock.nowMs(), last);
    return step !== null && (await this.repo.claimStep(userId, step));
  }

  private async secretOf(userId: number): Promise<string> {
    const credential = await this.requireCredential(userId);
    return this.encrypter.decrypt(credential.secretEncrypted, this.secretContext(userId));
  }

  private async requireCredential(userId: number) {
    const credential = await this.repo.findCredential(userId);
    if (!credential) throw new NotFoundException(TWO_FACTOR_ERRORS.NOT_ENABLED);
    return credential;
  }

  private newCodes(userId: number): Omit<TwoFactorRecoveryCode, 'id'>[] {
    return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const code = `${randomString(10, CODE_ALPHABET)}-${randomString(10, CODE_ALPHABET)}`;
      return {
        userId,
        codeHash: this.codeHash(userId, code),
        codeEncrypted: this.encrypter.encrypt(code, this.codeContext(userId)),
      };
    });
  }

  private codeHash(userId: number, code: string): string {
    return createHmac('sha256', this.codeKey).update(`${userId}:${code.toLowerCase()}`).digest('hex');
  }

  private secretContext = (userId: number) => `two-factor-secret:${userId}`;
  private codeContext = (userId: number) => `recovery-code:${userId}`;
}
