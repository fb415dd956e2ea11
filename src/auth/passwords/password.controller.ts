import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../access/auth-context';
import { CurrentAuth } from '../../access/current-auth.decorator';
import { Client, type ClientDetails } from '../../common/http/client-info';
import { MessageResponseDto } from '../dto/session-login-response.dto';
import { UpdatePasswordDto } from './update-password.dto';
import { UpdatePasswordAction } from './update-password.action';

@ApiTags('Users')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('user/password')
export class PasswordController {
  constructor(private readonly updatePassword: UpdatePasswordAction) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updatePassword',
    summary: 'Change the password; every other session and token ends at once',
  })
  @ApiOkResponse({ type: MessageResponseDto })
  async update(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: UpdatePasswordDto,
    @Client() client: ClientDetails,
  ): Promise<{ message: string }> {
    await this.updatePassword.execute(auth, dto, client);
    return { message: 'Password updated.' };
  }
}
