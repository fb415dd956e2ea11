import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { ApiPasskeyLoginController } from './api-passkey-login.controller';
import { PasskeyChallenge } from './passkey-challenge.entity';
import { PasskeyChallenges } from './passkey-challenges';
import { PasskeyLoginMethods } from './passkey-login-methods';
import { PasskeyLoginService } from './passkey-login.service';
import { Passkey } from './passkey.entity';
import { PasskeysController } from './passkeys.controller';
import { PasskeysRepository } from './passkeys.repository';
import { PasskeysService } from './passkeys.service';
import { RelyingParty } from './relying-party';
import { SpaPasskeyLoginController } from './spa-passkey-login.controller';

/** WebAuthn passkeys: registration and management, and login for cookie and bearer clients. */
@Module({
  imports: [TypeOrmModule.forFeature([Passkey, PasskeyChallenge]), AuthModule, UsersModule],
  controllers: [PasskeysController, SpaPasskeyLoginController, ApiPasskeyLoginController],
  providers: [
    PasskeysRepository,
    RelyingParty,
    PasskeyChallenges,
    PasskeysService,
    PasskeyLoginService,
    PasskeyLoginMethods,
  ],
  exports: [PasskeyLoginMethods],
})
export class PasskeysModule {
  /** Counts passkeys as ways to log in (collected by ExtensionPointsModule). */
  static readonly extensions = { loginMethods: [PasskeyLoginMethods] };
}
