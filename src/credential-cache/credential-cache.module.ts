import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AfterCommitSubscriber } from './after-commit.subscriber';
import { CredentialCache } from './credential-cache';

/** The credential cache, for every module that reads or revokes credentials (global). */
@Global()
@Module({ providers: [CredentialCache], exports: [CredentialCache] })
export class CredentialCacheModule implements OnModuleInit {
  constructor(
    private readonly cache: CredentialCache,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(new AfterCommitSubscriber(this.cache));
  }
}
