import type { MailMessage } from '../mail-message';
import { render } from './layout';

export const verifyEmailMail = (appName: string, to: string, url: string): MailMessage =>
  render(appName, to, {
    subject: 'Verify your email address',
    lines: ['Please confirm that this is your email address.'],
    action: { label: 'Verify email address', url },
    outro: [
      'The link works once and expires in 60 minutes.',
      'If you did not ask for this, ignore this email.',
    ],
  });

export const resetPasswordMail = (appName: string, to: string, url: string): MailMessage =>
  render(appName, to, {
    subject: 'Reset your password',
    lines: ['We received a request to reset the password of your account.'],
    action: { label: 'Reset password', url },
    outro: [
      'The link works once and expires in 60 minutes.',
      'If you did not ask for this, no action is needed.',
    ],
  });

export const passwordChangedMail = (appName: string, to: string): MailMessage =>
  render(appName, to, {
    subject: 'Your password was changed',
    lines: [
      'The password of your account was just reset, and every session and token was signed out.',
      'If this was not you, reset your password again right away and contact support.',
    ],
  });

export const securityNoticeMail = (appName: string, to: string, what: string): MailMessage =>
  render(appName, to, {
    subject: 'Security notice',
    lines: [what, 'If this was not you, change your password and review your active sessions.'],
  });
