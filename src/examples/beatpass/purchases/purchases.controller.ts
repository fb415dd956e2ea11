import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import { PurchasesPageDto, toPurchaseResponse } from './purchase.dto';
import { PurchasesService } from './purchases.service';

@ApiTags('BeatPass: purchases')
@ApiCookieAuth()
@Controller('purchases')
export class PurchasesController {
  constructor(private readonly purchases: PurchasesService) {}

  @Get()
  @ApiOperation({ operationId: 'listPurchases', summary: "The caller's own purchases, newest first" })
  @ApiOkResponse({ type: PurchasesPageDto })
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<PurchasesPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.purchases.listOwn(user.id, page);
    return { purchases: items.map(toPurchaseResponse), pagination: pageMeta(page, total) };
  }
}
