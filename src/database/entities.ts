import { EmailVerification } from '../email-verification/email-verification.entity';
import { PasswordReset } from '../password-reset/password-reset.entity';
import { SocialAccount } from '../social/social-account.entity';
import { SocialLoginCode } from '../social/social-login-code.entity';
import { SecurityEvent } from '../security-events/security-event.entity';
import { PersonalAccessToken } from '../sessions/personal-access-token.entity';
import { Session } from '../sessions/session.entity';
import { TwoFactorRecoveryCode } from '../two-factor/recovery-code.entity';
import { TwoFactorChallenge } from '../two-factor/two-factor-challenge.entity';
import { TwoFactorAuthentication } from '../two-factor/two-factor.entity';
import { Currency } from '../users/currency.entity';
import { InviteCode } from '../users/invite-code.entity';
import { PayoutAccount } from '../users/payout-account.entity';
import { User } from '../users/user.entity';
import { ArtistFollow } from '../examples/beatpass/artists/artist-follow.entity';
import { BeatRequest } from '../examples/beatpass/beat-requests/beat-request.entity';
import { ConversationParticipant } from '../examples/beatpass/messaging/conversation-participant.entity';
import { Conversation } from '../examples/beatpass/messaging/conversation.entity';
import { Purchase } from '../examples/beatpass/purchases/purchase.entity';
import { Track } from '../examples/beatpass/tracks/track.entity';
import { ConsentTag } from '../examples/fangate/consent-tags/consent-tag.entity';
import { ProductMedia } from '../examples/fangate/products/product-media.entity';
import { Product } from '../examples/fangate/products/product.entity';
import { WalletTransaction } from '../examples/fangate/wallet/wallet-transaction.entity';

/** Every entity, listed explicitly: globs break between the tsc (CommonJS) build and jest (ESM). */
export const ENTITIES = [
  User,
  Currency,
  InviteCode,
  PayoutAccount,
  Session,
  PersonalAccessToken,
  SecurityEvent,
  TwoFactorAuthentication,
  TwoFactorRecoveryCode,
  TwoFactorChallenge,
  EmailVerification,
  PasswordReset,
  SocialAccount,
  SocialLoginCode,
  Track,
  Purchase,
  ArtistFollow,
  Conversation,
  ConversationParticipant,
  BeatRequest,
  Product,
  ProductMedia,
  ConsentTag,
  WalletTransaction,
];
