import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../../../common/http/api-envelope.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import {
  AffiliateSummaryDto,
  toWalletTransaction,
  WalletSummaryDto,
  WalletTransactionsPageDto,
} from './wallet.dto';
import { WalletService } from './wallet.service';

@ApiTags('Fangate: wallet and affiliate')
@ApiBearerAuth()
@Controller('api')
export class WalletController {
  constructor(private readonly wallet: WalletService) {}

  @Get('wallet/summary')
  @ApiOperation({
    operationId: 'getWalletSummary',
    summary: "The caller's balance, pending credits, earnings and payouts",
  })
  @ApiEnvelopeResponse(WalletSummaryDto)
  summary(@CurrentUser() user: User): Promise<WalletSummaryDto> {
    return this.wallet.summary(user);
  }

  @Get('wallet/transactions')
  @ApiOperation({
    operationId: 'listWalletTransactions',
    summary: "The caller's own wallet transactions, newest first",
  })
  @ApiEnvelopeResponse(WalletTransactionsPageDto)
  async transactions(
    @CurrentUser() user: User,
    @Query() query: PageQueryDto,
  ): Promise<WalletTransactionsPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.wallet.listOwn(user.id, page);
    return { transactions: items.map(toWalletTransaction), pagination: pageMeta(page, total) };
  }

  @Get('affiliate/summary')
  @ApiOperation({
    operationId: 'getAffiliateSummary',
    summary: "The caller's invite code, referrals and affiliate commission",
  })
  @ApiEnvelopeResponse(AffiliateSummaryDto)
  affiliate(@CurrentUser() user: User): Promise<AffiliateSummaryDto> {
    return this.wallet.affiliate(user);
  }
}
