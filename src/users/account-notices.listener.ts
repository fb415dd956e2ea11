import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { accountEventName, AccountEventKind, type AccountEvent } from '../common/events/account-event';
import { MailService } from '../mail/mail.service';
import { MailTemplates } from '../mail/mail-templates';
import { UsersService } from './users.service';

/** What the account holder is told by mail, per event; the mail is sent after the response. */
const NOTICES: Partial<Record<AccountEventKind, string>> = {
  [AccountEventKind.TwoFactorConfirmed]: 'Two-factor authentication was turned on for your account.',
  [AccountEventKind.TwoFactorDisabled]: 'Two-factor authentication was turned off for your account.',
  [AccountEventKind.RecoveryCodesRegenerated]:
    'New two-factor recovery codes were generated; the old ones no longer work.',
  [AccountEventKind.RecoveryCodeUsed]: 'A two-factor recovery code was used to sign in to your account.',
  [AccountEventKind.PasswordChanged]:
    'The password of your account was changed, and every other session and token was signed out.',
};

/** Events with a mail of their own, which names the passkey (the event's `name`). */
const PASSKEY_MAILS: Partial<Record<AccountEventKind, 'passkey-added' | 'passkey-removed'>> = {
  [AccountEventKind.PasskeyRegistered]: 'passkey-added',
  [AccountEventKind.PasskeyRemoved]: 'passkey-removed',
};

/**
 * Security notices by mail follow account events: a password reset, a password change, two-factor
 * changes, a recovery code used, a passkey added or removed. A failed send is only logged (MailService).
 */
@Injectable()
export class AccountNoticesListener {
  constructor(
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
  ) {}

  @OnEvent(accountEventName('*'), { suppressErrors: false })
  async notify(event: AccountEvent): Promise<void> {
    const notice = NOTICES[event.kind];
    const passkeyMail = PASSKEY_MAILS[event.kind];
    if (event.kind !== AccountEventKind.PasswordReset && !notice && !passkeyMail) return;
    const user = event.userId === null ? null : await this.users.findById(event.userId);
    if (!user) return;
    if (passkeyMail) {
      const name = String(event.metadata.name ?? '');
      return this.mail.send(this.templates.render(passkeyMail, user.email, { name }));
    }
    this.mail.send(
      notice
        ? this.templates.render('security-notice', user.email, { notice })
        : this.templates.render('password-changed', user.email, {}),
    );
  }
}
