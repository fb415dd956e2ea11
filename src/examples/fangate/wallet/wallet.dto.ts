import { ApiProperty } from '@nestjs/swagger';
import { money } from '../../../common/http/money';
import { PageMetaDto } from '../../../common/http/pagination';
import { CurrencyDto } from '../accounts/user-resource.dto';
import type {
  WalletTransaction,
  WalletTransactionKind,
  WalletTransactionStatus,
} from './wallet-transaction.entity';

export class WalletSummaryDto {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty({ description: 'Completed credits minus completed debits.' }) balance: number;
  @ApiProperty({ description: 'Credits not yet completed.' }) pending: number;
  @ApiProperty({ description: 'Every completed credit.' }) lifetime_earnings: number;
  @ApiProperty() paid_out: number;
  @ApiProperty() transactions_count: number;
}

export class WalletTransactionDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['sale', 'affiliate_commission', 'payout', 'refund'] }) kind: WalletTransactionKind;
  @ApiProperty({ enum: ['pending', 'completed', 'failed'] }) status: WalletTransactionStatus;
  @ApiProperty({ description: 'Credits positive, debits negative.' }) amount: number;
  @ApiProperty({ type: Number, nullable: true }) product_id: number | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class WalletTransactionsPageDto {
  @ApiProperty({ type: [WalletTransactionDto] }) transactions: WalletTransactionDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export class AffiliateSummaryDto {
  @ApiProperty({ type: String, nullable: true, description: 'The code others register with.' }) invite_code:
    string | null;
  @ApiProperty({ description: 'Accounts registered with your code.' }) referrals_count: number;
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty() commission_earned: number;
  @ApiProperty() commission_pending: number;
}

export const toWalletTransaction = (t: WalletTransaction): WalletTransactionDto => ({
  id: t.id,
  kind: t.kind,
  status: t.status,
  amount: money(t.amount),
  product_id: t.productId,
  description: t.description,
  created_at: t.createdAt.toISOString(),
});
