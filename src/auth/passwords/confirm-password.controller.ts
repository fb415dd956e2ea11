import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiResponse,
} from '@nestjs/swagger';
import type { AuthContext } from '../../access/auth-context';
import { CurrentAuth } from '../../access/current-auth.decorator';
import { Client, type ClientDetails } from '../../common/http/client-info';
import { ConfirmPasswordDto } from '../../common/validation/password.dto';
import { PasswordConfirmationService } from './password-confirmation.service';

class ConfirmedStatusDto {
  @ApiProperty() confirmed: boolean;
}

@ApiTags('Password confirmation')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('user')
export class ConfirmPasswordController {
  constructor(private readonly confirmation: PasswordConfirmationService) {}

  @Post('confirm-password')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'confirmPassword',
    summary: 'Confirm the password; sensitive routes accept the caller for PASSWORD_TIMEOUT seconds',
  })
  @ApiCreatedResponse({
    description: 'Confirmed: sensitive routes accept the caller for PASSWORD_TIMEOUT seconds.',
  })
  @ApiResponse({ status: 429, description: 'Too many wrong passwords: retry after `Retry-After` seconds.' })
  async confirm(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ConfirmPasswordDto,
    @Client() client: ClientDetails,
  ): Promise<void> {
    await this.confirmation.confirm(auth, dto.password, client);
  }

  @Get('confirmed-password-status')
  @ApiOperation({
    operationId: 'getPasswordConfirmationStatus',
    summary: 'Whether the last confirmation is recent enough',
  })
  @ApiOkResponse({ type: ConfirmedStatusDto })
  status(@CurrentAuth() auth: AuthContext): ConfirmedStatusDto {
    return { confirmed: this.confirmation.isConfirmed(auth) };
  }
}
