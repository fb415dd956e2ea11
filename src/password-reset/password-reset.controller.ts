import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { ConfirmPasswordResetDto, RequestPasswordResetDto } from './dto/password-reset.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('Password reset')
@Controller('api/user/password/reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @IpRateLimit('password-reset')
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Mail a reset link; the same answer (and timing) whether or not the account exists',
  })
  @ApiEnvelopeResponse(null)
  async request(@Body() dto: RequestPasswordResetDto, @Client() client: ClientDetails): Promise<null> {
    await this.resets.request(dto.email, client);
    return null;
  }

  @Post('confirm')
  @Public()
  @HttpCode(200)
  @IpRateLimit('password-reset-confirm')
  @ApiOperation({
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with the mailed token; ends every session and token (422 bad token)',
  })
  @ApiEnvelopeResponse(null)
  async confirm(@Body() dto: ConfirmPasswordResetDto, @Client() client: ClientDetails): Promise<null> {
    await this.resets.confirm(dto, client);
    return null;
  }
}
