import { Global, Module } from '@nestjs/common';
import { OwnershipService } from './ownership.service';

/** Resource policies (global: every feature module authorizes rows through OwnershipService). */
@Global()
@Module({
  providers: [OwnershipService],
  exports: [OwnershipService],
})
export class OwnershipModule {}
