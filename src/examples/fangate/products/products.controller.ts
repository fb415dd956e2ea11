import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.enum';
import { Roles } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../../../common/http/api-envelope.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import { PolicyResource, UsePolicy } from '../../../ownership/use-policy.decorator';
import type { User } from '../../../users/user.entity';
import {
  CreateMediaDto,
  CreateProductDto,
  MediaResponseDto,
  ProductResponseDto,
  ProductsPageDto,
  toMediaResponse,
  toProductResponse,
  UpdateProductDto,
} from './product.dto';
import type { Product } from './product.entity';
import { PolicyAction } from '../../../ownership/policy';
import { ProductPolicy } from './product.policy';
import { ProductsService } from './products.service';

/** Fangate products and their media: creators only, each managing only their own. */
@ApiTags('Fangate: products')
@ApiBearerAuth()
@Roles(Role.Creator)
@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ApiOperation({ operationId: 'listProducts', summary: "The caller's own products, newest first" })
  @ApiEnvelopeResponse(ProductsPageDto)
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<ProductsPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.products.listOwn(user.id, page);
    return { products: items.map((p) => toProductResponse(p)), pagination: pageMeta(page, total) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createProduct',
    summary: 'Create a product (draft unless status says otherwise)',
  })
  @ApiEnvelopeResponse(ProductResponseDto, 201)
  async create(@CurrentUser() user: User, @Body() dto: CreateProductDto): Promise<ProductResponseDto> {
    return toProductResponse(await this.products.create(user, dto), []);
  }

  @Get(':product')
  @UsePolicy(ProductPolicy, PolicyAction.View, 'product')
  @ApiOperation({
    operationId: 'getProduct',
    summary: 'One of your products with its media (403 not yours, 404 none)',
  })
  @ApiEnvelopeResponse(ProductResponseDto)
  async show(@PolicyResource() product: Product): Promise<ProductResponseDto> {
    return toProductResponse(product, await this.products.listMedia(product.id));
  }

  @Put(':product')
  @UsePolicy(ProductPolicy, PolicyAction.Update, 'product')
  @ApiOperation({ operationId: 'updateProduct', summary: 'Update one of your products' })
  @ApiEnvelopeResponse(ProductResponseDto)
  async update(
    @PolicyResource() product: Product,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductResponseDto> {
    const updated = await this.products.update(product, dto);
    return toProductResponse(updated, await this.products.listMedia(product.id));
  }

  @Delete(':product')
  @UsePolicy(ProductPolicy, PolicyAction.Delete, 'product')
  @ApiOperation({
    operationId: 'deleteProduct',
    summary: 'Delete one of your products, its media and consent tags',
  })
  @ApiEnvelopeResponse(null)
  async remove(@PolicyResource() product: Product): Promise<null> {
    await this.products.remove(product);
    return null;
  }

  @Get(':product/media')
  @UsePolicy(ProductPolicy, PolicyAction.View, 'product')
  @ApiOperation({ operationId: 'listProductMedia', summary: 'The media of one of your products' })
  @ApiEnvelopeResponse(MediaResponseDto, 200, true)
  async listMedia(@PolicyResource() product: Product): Promise<MediaResponseDto[]> {
    return (await this.products.listMedia(product.id)).map(toMediaResponse);
  }

  @Post(':product/media')
  @UsePolicy(ProductPolicy, PolicyAction.Update, 'product')
  @ApiOperation({
    operationId: 'addProductMedia',
    summary: 'Attach media (an image, video or audio URL) to one of your products',
  })
  @ApiEnvelopeResponse(MediaResponseDto, 201)
  async addMedia(@PolicyResource() product: Product, @Body() dto: CreateMediaDto): Promise<MediaResponseDto> {
    return toMediaResponse(await this.products.addMedia(product, dto));
  }

  @Delete(':product/media/:media')
  @UsePolicy(ProductPolicy, PolicyAction.Update, 'product')
  @ApiOperation({
    operationId: 'removeProductMedia',
    summary: 'Remove media from one of your products (404 if not on this product)',
  })
  @ApiEnvelopeResponse(null)
  async removeMedia(@PolicyResource() product: Product, @Param('media') media: string): Promise<null> {
    await this.products.removeMedia(product, media);
    return null;
  }
}
