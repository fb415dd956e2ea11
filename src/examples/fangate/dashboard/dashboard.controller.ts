import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../../../common/http/api-envelope.decorator';
import type { User } from '../../../users/user.entity';
import { AggregateDashboardDto, AggregateDashboardResponseDto, DashboardSummaryDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('Fangate: dashboard')
@ApiBearerAuth()
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('summary')
  @ApiOperation({
    operationId: 'getDashboardSummary',
    summary: "The caller's KPIs: products, sales, revenue, balance, referrals",
  })
  @ApiEnvelopeResponse(DashboardSummaryDto)
  summary(@CurrentUser() user: User): Promise<DashboardSummaryDto> {
    return this.dashboard.summary(user);
  }

  @Post('summary/aggregate')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'aggregateDashboardSummaries',
    summary:
      'Combined KPIs of several creators (account switchers): 1–10 bearer tokens, each verified; ' +
      'invalid, foreign-ability or non-creator tokens fail their own row only',
  })
  @ApiEnvelopeResponse(AggregateDashboardResponseDto)
  aggregate(@Body() dto: AggregateDashboardDto): Promise<AggregateDashboardResponseDto> {
    return this.dashboard.aggregate(dto.tokens);
  }
}
