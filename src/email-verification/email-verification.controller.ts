import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { RequestEmailVerificationDto } from './dto/email-verification.dto';
import { EmailVerificationService } from './email-verification.service';

@ApiTags('Email verification')
@Controller('api/user/email/verify')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @IpRateLimit('verify-email')
  @ApiOperation({
    operationId: 'requestEmailVerification',
    summary: 'Mail a verification link (same answer whether or not the email has an account)',
  })
  @ApiEnvelopeResponse(null)
  async request(@Body() dto: RequestEmailVerificationDto, @Client() client: ClientDetails): Promise<null> {
    await this.verification.request(dto, client);
    return null;
  }

  @Get(':token')
  @Public()
  @ApiOperation({
    operationId: 'openEmailVerificationLink',
    summary:
      'The mailed link: marks the email verified and redirects (?verified=1 or ?verified=0&error=expired|invalid)',
  })
  @ApiFoundResponse({ description: 'Redirect to the allowlisted app_link, else FRONTEND_URL' })
  async open(
    @Param('token') token: string,
    @Client() client: ClientDetails,
    @Res() res: FastifyReply,
  ): Promise<void> {
    res.redirect(await this.verification.open(token, client), 302);
  }
}
