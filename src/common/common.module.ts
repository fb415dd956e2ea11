import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { Encrypter } from './crypto/encrypter';
import { PasswordHasher } from './crypto/password-hasher';
import { StatefulDomains } from './http/stateful-domains';

/** Stateless helpers every module uses. AppConfig is provided by AppModule.forRoot(). */
@Global()
@Module({
  providers: [Clock, Encrypter, PasswordHasher, StatefulDomains],
  exports: [Clock, Encrypter, PasswordHasher, StatefulDomains],
})
export class CommonModule {}
