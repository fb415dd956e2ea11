import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerification } from './email-verification.entity';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';

@Module({
  imports: [TypeOrmModule.forFeature([EmailVerification]), UsersModule],
  controllers: [EmailVerificationController],
  providers: [EmailVerificationService, EmailVerificationRepository],
  exports: [EmailVerificationService],
})
export class EmailVerificationModule {}
