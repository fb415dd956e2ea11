import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Clock } from './clock/clock';
import { Encrypter } from './crypto/encrypter';
import { PasswordHasher } from './crypto/password-hasher';
import { AccountEvents } from './events/account-events';
import { StatefulDomains } from './http/stateful-domains';

/** Stateless helpers every module uses, and the account events publisher. AppConfig is provided by AppModule.forRoot(). */
@Global()
@Module({
  // Wildcards: the security log and the notice mails listen to `account.*`.
  imports: [EventEmitterModule.forRoot({ wildcard: true })],
  providers: [Clock, Encrypter, PasswordHasher, StatefulDomains, AccountEvents],
  exports: [Clock, Encrypter, PasswordHasher, StatefulDomains, AccountEvents],
})
export class CommonModule {}
