import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { PaymentEntity, PaymentState } from '@app/payments';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { PaymentStateDto } from '../payment-state.dto';

/** `GET /payments/:id`: a payment and where it is in its flow. */
@ApiTags('payments')
@RequireScopes('payments:read')
@Controller('payments')
export class GetPaymentController {
  constructor(
    @InjectRepository(PaymentEntity) private readonly payments: Repository<PaymentEntity>,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Read a payment: requested, debited, reversing, then completed or failed (and why)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The payment', type: PaymentStateDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such payment (yet)' })
  async get(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @CallerReach('payments') reach: Reach,
  ): Promise<PaymentState> {
    const payment = await this.payments.findOneBy({ paymentId: id });
    if (!payment || !(await this.concerns(payment, reach)))
      throw new NotFoundException(`Payment ${id} does not exist (yet).`);
    return PaymentEntity.toState(payment);
  }

  /** Tells whether the payment is from or to an account of the caller's reach. */
  private async concerns(payment: PaymentEntity, reach: Reach): Promise<boolean> {
    if (reach.everyOwner) return true;
    const owners: { owner: string }[] = await this.payments.query(
      `SELECT owner FROM accounts WHERE account_id IN ($1, $2)`,
      [payment.from, payment.to],
    );
    return owners.some(({ owner }) => reaches(reach, owner));
  }
}
