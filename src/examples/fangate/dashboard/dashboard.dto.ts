import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { Required, Rules } from '../../../common/validation/fields';
import { M } from '../../../common/validation/messages';
import { CurrencyDto } from '../accounts/user-resource.dto';

export class AggregateDashboardDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 10, example: ['12|…', '15|…'] })
  // Rows are verified one by one, so one bad token fails only its own row.
  @Rules(
    Required(),
    IsArray({ message: M.array }),
    ArrayMinSize(1, { message: M.arrayBetween(1, 10) }),
    ArrayMaxSize(10, { message: M.arrayBetween(1, 10) }),
  )
  tokens: unknown[];
}

export class CreatorKpisDto {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty() products_count: number;
  @ApiProperty() published_products_count: number;
  @ApiProperty({ description: 'Completed sales.' }) sales_count: number;
  @ApiProperty() revenue: number;
  @ApiProperty() balance: number;
  @ApiProperty() pending_balance: number;
  @ApiProperty() referrals_count: number;
}

export class DashboardCreatorDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class DashboardSummaryDto extends CreatorKpisDto {
  @ApiProperty({ type: DashboardCreatorDto }) creator: DashboardCreatorDto;
}

export class AggregateRowDto {
  @ApiProperty({ description: 'Position in the request.' }) index: number;
  @ApiProperty() success: boolean;
  @ApiPropertyOptional({ type: DashboardCreatorDto }) creator?: DashboardCreatorDto;
  @ApiPropertyOptional({ type: CreatorKpisDto }) summary?: CreatorKpisDto;
  @ApiPropertyOptional({ description: 'False for a repeat of a creator already counted in the totals.' })
  counted?: boolean;
  @ApiPropertyOptional({ example: 'Invalid token.' }) errors_message?: string;
}

export class CurrencyTotalsDto {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty() revenue: number;
  @ApiProperty() balance: number;
  @ApiProperty() pending_balance: number;
}

export class AggregateTotalsDto {
  @ApiProperty({ description: 'Distinct creators counted.' }) creators_count: number;
  @ApiProperty() products_count: number;
  @ApiProperty() published_products_count: number;
  @ApiProperty() sales_count: number;
  @ApiProperty() referrals_count: number;
  @ApiProperty({ type: [CurrencyTotalsDto], description: 'Money is never summed across currencies.' })
  by_currency: CurrencyTotalsDto[];
}

export class AggregateDashboardResponseDto {
  @ApiProperty({ type: [AggregateRowDto] }) results: AggregateRowDto[];
  @ApiProperty({ type: AggregateTotalsDto }) totals: AggregateTotalsDto;
}
