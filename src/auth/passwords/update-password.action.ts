import { Injectable } from '@nestjs/common';
import { ValidationFailedException } from '../../common/errors/app-exceptions';
import type { ClientDetails } from '../../common/http/client-info';
import { PasswordCheck, WRONG_PASSWORD } from '../../users/password-check';
import type { User } from '../../users/user.entity';
import type { AuthContext } from '../../access/auth-context';
import type { UpdatePasswordDto } from './update-password.dto';
import { PasswordReplacement } from './password-replacement';

/** Fortify's UpdateUserPassword, plus what Fortify leaves to the app: ending every other credential. */
@Injectable()
export class UpdatePasswordAction {
  constructor(
    private readonly passwords: PasswordCheck,
    private readonly replacement: PasswordReplacement,
  ) {}

  async execute(auth: AuthContext, dto: UpdatePasswordDto, client: ClientDetails): Promise<void> {
    const user: User = auth.user;
    if (user.password) {
      if (typeof dto.current_password !== 'string' || dto.current_password === '') {
        throw ValidationFailedException.field('current_password', 'The current password field is required.');
      }
      await this.passwords.verify(user, dto.current_password, client, 'current_password');
    }
    const replaced = await this.replacement.replace(user, dto.password, {
      via: 'change',
      keep: auth.kind === 'session' ? { sessionId: auth.session.id } : { tokenId: auth.token.id },
      client,
    });
    // Another change (another tab, another device) replaced the password meanwhile: the current
    // password this request checked is no longer current.
    if (!replaced) throw ValidationFailedException.field('current_password', WRONG_PASSWORD);
  }
}
