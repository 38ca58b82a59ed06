import { FundsDeposited } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { depositInput } from '../payment-http';

/** The body of `POST /accounts/:id/deposits`. */
export class DepositDto extends createZodDto(depositInput) {}

/** A deposit as its outcome answers it: the amount and the confirmed balance after it. */
export class FundsDepositedDto extends createZodDto(FundsDeposited.schema) {}
