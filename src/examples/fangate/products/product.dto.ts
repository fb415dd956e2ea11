import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUrl } from 'class-validator';
import { money, OptionalAmount } from '../../../common/http/money';
import { PageMetaDto } from '../../../common/http/pagination';
import { OptionalString, RequiredString, Rules } from '../../../common/validation/fields';
import { M } from '../../../common/validation/messages';
import { MEDIA_KINDS, type MediaKind, type ProductMedia } from './product-media.entity';
import { PRODUCT_STATUSES, type Product, type ProductStatus } from './product.entity';
import { Optional } from '../../../common/validation/rules';

export class CreateProductDto {
  @ApiProperty({ example: 'Summer photo set' })
  @RequiredString({ max: 200, trim: true })
  title: string;

  @ApiPropertyOptional()
  @OptionalString({ max: 5000 })
  description?: string;

  @ApiPropertyOptional({ example: 9.99 })
  @OptionalAmount()
  price?: number;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES, default: 'draft' })
  @Rules(Optional(), IsIn(PRODUCT_STATUSES, { message: M.in }))
  status?: ProductStatus;
}

export class UpdateProductDto {
  @ApiPropertyOptional()
  @OptionalString({ min: 1, max: 200, trim: true })
  title?: string;

  @ApiPropertyOptional()
  @OptionalString({ max: 5000 })
  description?: string;

  @ApiPropertyOptional()
  @OptionalAmount()
  price?: number;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @Rules(Optional(), IsIn(PRODUCT_STATUSES, { message: M.in }))
  status?: ProductStatus;
}

export class CreateMediaDto {
  @ApiProperty({ enum: MEDIA_KINDS })
  @RequiredString({ max: 16 }, IsIn(MEDIA_KINDS, { message: M.in }))
  kind: MediaKind;

  @ApiProperty({ example: 'https://cdn.example.com/p/1.jpg' })
  @RequiredString(
    { max: 2048, trim: true },
    IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: M.url }),
  )
  url: string;
}

export class MediaResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() product_id: number;
  @ApiProperty({ enum: MEDIA_KINDS }) kind: MediaKind;
  @ApiProperty() url: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class ProductResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ example: 9.99 }) price: number;
  @ApiProperty({ enum: PRODUCT_STATUSES }) status: ProductStatus;
  @ApiPropertyOptional({ type: [MediaResponseDto], description: 'On the single-product response.' })
  media?: MediaResponseDto[];
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
}

export class ProductsPageDto {
  @ApiProperty({ type: [ProductResponseDto] }) products: ProductResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export const toMediaResponse = (m: ProductMedia): MediaResponseDto => ({
  id: m.id,
  product_id: m.productId,
  kind: m.kind,
  url: m.url,
  created_at: m.createdAt.toISOString(),
});

export const toProductResponse = (p: Product, media?: ProductMedia[]): ProductResponseDto => ({
  id: p.id,
  title: p.title,
  description: p.description,
  price: money(p.price),
  status: p.status,
  ...(media && { media: media.map(toMediaResponse) }),
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});
