import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { uniqueViolation } from '../common/errors/database-errors';
import { AUTH_ERRORS } from '../common/errors/error-codes';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { parseIntId } from '../ownership/resource-id';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { asRegistration } from './credential-json';
import { toPasskeyResponse, type PasskeyResponseDto } from './dto/passkey.dto';
import { PASSKEY_ERRORS } from './error-codes';
import { PasskeyChallenges } from './passkey-challenges';
import type { Passkey } from './passkey.entity';
import { PasskeysRepository } from './passkeys.repository';
import { CeremonyRejected, RelyingParty } from './relying-party';

const invalidResponse = () => ValidationFailedException.field('response', PASSKEY_ERRORS.INVALID_RESPONSE);

/** A user's own passkeys: registration (options, then the authenticator's answer), list, rename, removal. */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly repo: PasskeysRepository,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
    private readonly users: UsersService,
    private readonly events: AccountEvents,
  ) {}

  async registrationOptions(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.repo.findForUser(user.id);
    const challenge = await this.challenges.issue('registration', user.id);
    return this.rp.registrationOptions(user, existing, challenge);
  }

  async register(
    user: User,
    name: string,
    json: Record<string, unknown>,
    client: ClientDetails,
  ): Promise<PasskeyResponseDto> {
    const response = asRegistration(json);
    if (!response) throw invalidResponse();
    const { challenge } = await this.challenges.consume(
      response.response.clientDataJSON,
      'registration',
      user.id,
    );
    const credential = await this.rp.verifyRegistration(response, challenge).catch((err: unknown) => {
      throw err instanceof CeremonyRejected ? invalidResponse() : err;
    });
    let passkey: Passkey;
    try {
      passkey = await this.repo.insert({ ...credential, userId: user.id, name });
    } catch (err) {
      if (uniqueViolation(err))
        throw ValidationFailedException.field('response', PASSKEY_ERRORS.ALREADY_REGISTERED);
      throw err;
    }
    await this.events.publish(AccountEventKind.PasskeyRegistered, user.id, client, {
      passkey_id: passkey.id,
      name,
    });
    return toPasskeyResponse(passkey);
  }

  async list(userId: number): Promise<PasskeyResponseDto[]> {
    return (await this.repo.findForUser(userId)).map(toPasskeyResponse);
  }

  async rename(user: User, rawId: string, name: string, client: ClientDetails): Promise<PasskeyResponseDto> {
    const passkey = await this.owned(user, rawId);
    if (!(await this.repo.rename(passkey.id, user.id, name))) throw new NotFoundException();
    await this.events.publish(AccountEventKind.PasskeyRenamed, user.id, client, {
      passkey_id: passkey.id,
      name,
    });
    return toPasskeyResponse({ ...passkey, name });
  }

  /** 422 when it is the account's last way to log in (see UsersService.removeLoginMethod). */
  async remove(user: User, rawId: string, client: ClientDetails): Promise<void> {
    const passkey = await this.owned(user, rawId);
    const outcome = await this.users.removeLoginMethod(user.id, (m) =>
      this.repo.deleteWithin(m, passkey.id, user.id),
    );
    if (outcome === 'missing') throw new NotFoundException();
    if (outcome === 'last') throw ValidationFailedException.field('id', PASSKEY_ERRORS.LAST_LOGIN_METHOD);
    await this.events.publish(AccountEventKind.PasskeyRemoved, user.id, client, {
      passkey_id: passkey.id,
      name: passkey.name,
    });
  }

  /** 404 for an id that names no passkey (or cannot), 403 for someone else's. */
  private async owned(user: User, rawId: string): Promise<Passkey> {
    const id = parseIntId(rawId);
    const passkey = id === null ? null : await this.repo.findById(id);
    if (!passkey) throw new NotFoundException();
    if (passkey.userId !== user.id) throw new ForbiddenException(AUTH_ERRORS.UNAUTHORIZED);
    return passkey;
  }
}
