import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AfterCommitSubscriber } from './after-commit.subscriber';
import { CredentialCacheSettings } from '../config/settings';
import { CredentialCache } from './credential-cache';
import { VERSION_STORE, versionStoreFor } from './version-store';

/** The credential cache, for every module that reads or revokes credentials (global). */
@Global()
@Module({
  providers: [
    { provide: VERSION_STORE, useFactory: versionStoreFor, inject: [CredentialCacheSettings] },
    CredentialCache,
  ],
  exports: [CredentialCache],
})
export class CredentialCacheModule implements OnModuleInit {
  constructor(
    private readonly cache: CredentialCache,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(new AfterCommitSubscriber(this.cache));
  }
}
