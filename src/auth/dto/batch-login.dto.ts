import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { OptionalString, Required, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { UserResponseDto } from '../../users/dto/user-response.dto';

class BatchAccountDto {
  @ApiProperty() email: string;
  @ApiProperty() password: string;
}

export class BatchLoginDto {
  @ApiProperty({ type: [BatchAccountDto], minItems: 1, maxItems: 10 })
  // Rows are checked one by one in the action, so one malformed row fails only itself.
  @Rules(
    Required(),
    IsArray({ message: M.array }),
    ArrayMinSize(1, { message: M.arrayBetween(1, 10) }),
    ArrayMaxSize(10, { message: M.arrayBetween(1, 10) }),
  )
  accounts: unknown[];

  @ApiPropertyOptional({ description: 'Recorded on every token this request creates.' })
  @OptionalString({ max: 255 })
  device_name?: string;
}

export class BatchLoginResultDto {
  @ApiProperty() index: number;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty() success: boolean;
  @ApiPropertyOptional({ type: UserResponseDto }) user?: UserResponseDto;
  @ApiPropertyOptional() token?: string;
  @ApiPropertyOptional() two_factor?: boolean;
  @ApiPropertyOptional({ description: 'With two_factor: trade it at POST /api/two-factor-challenge.' })
  challenge?: string;
  @ApiPropertyOptional() errors_message?: string;
}

export class BatchLoginResponseDto {
  @ApiProperty({ type: [BatchLoginResultDto] }) results: BatchLoginResultDto[];
}
