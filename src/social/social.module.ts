import { Module } from '@nestjs/common';

/** Google, Facebook and Twitter login and account linking (API.md §8); filled by the social issue. */
@Module({})
export class SocialModule {}
