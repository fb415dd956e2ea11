import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.enum';
import { Roles } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../../../common/http/api-envelope.decorator';
import { PolicyResource, UsePolicy } from '../../../ownership/use-policy.decorator';
import type { User } from '../../../users/user.entity';
import { toPersonSummary } from '../person.presenter';
import type { Product } from '../products/product.entity';
import { ProductPolicy } from '../products/product.policy';
import {
  ConsentTagResponseDto,
  CreateConsentTagDto,
  CreatedConsentTagDto,
  RespondConsentTagDto,
  toConsentTagResponse,
} from './consent-tag.dto';
import type { ConsentTag } from './consent-tag.entity';
import { PolicyAction } from '../../../ownership/policy';
import { ConsentTagAction, ConsentTagPolicy } from './consent-tag.policy';
import { ConsentTagsService } from './consent-tags.service';

@ApiTags('Fangate: consent tags')
@ApiBearerAuth()
@Controller('api')
export class ConsentTagsController {
  constructor(private readonly tags: ConsentTagsService) {}

  @Post('products/:product/consent-tags')
  @Roles(Role.Creator)
  @UsePolicy(ProductPolicy, PolicyAction.Update, 'product')
  @ApiOperation({
    operationId: 'createConsentTag',
    summary: 'Tag a user on one of your products; only they can read or answer the tag',
  })
  @ApiEnvelopeResponse(CreatedConsentTagDto, 201)
  async create(
    @PolicyResource() product: Product,
    @Body() dto: CreateConsentTagDto,
  ): Promise<CreatedConsentTagDto> {
    const { tag, tagged } = await this.tags.tag(product, dto.user_id);
    return {
      id: tag.id,
      product_id: product.id,
      tagged_user: toPersonSummary(tagged),
      created_at: tag.createdAt.toISOString(),
    };
  }

  @Get('consent-tags')
  @ApiOperation({
    operationId: 'listMyConsentTags',
    summary: 'The consent tags naming the caller, newest first',
  })
  @ApiEnvelopeResponse(ConsentTagResponseDto, 200, true)
  async mine(@CurrentUser() user: User): Promise<ConsentTagResponseDto[]> {
    return (await this.tags.listForTaggedUser(user.id)).map(toConsentTagResponse);
  }

  @Get('consent-tags/:tag')
  @UsePolicy(ConsentTagPolicy, PolicyAction.View, 'tag')
  @ApiOperation({
    operationId: 'getConsentTag',
    summary: 'A consent tag and its answer (the tagged user only; 403 for anyone else)',
  })
  @ApiEnvelopeResponse(ConsentTagResponseDto)
  show(@PolicyResource() tag: ConsentTag): ConsentTagResponseDto {
    return toConsentTagResponse(tag);
  }

  @Put('consent-tags/:tag/response')
  @UsePolicy(ConsentTagPolicy, ConsentTagAction.Respond, 'tag')
  @ApiOperation({
    operationId: 'respondToConsentTag',
    summary: 'Accept or decline a consent tag (the tagged user only); may be changed later',
  })
  @ApiEnvelopeResponse(ConsentTagResponseDto)
  async respond(
    @PolicyResource() tag: ConsentTag,
    @Body() dto: RespondConsentTagDto,
  ): Promise<ConsentTagResponseDto> {
    return toConsentTagResponse(await this.tags.respond(tag, dto));
  }
}
