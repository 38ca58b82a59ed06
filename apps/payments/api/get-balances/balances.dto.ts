import { currencySchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const minorUnits = z.number().int();

/** The totals that show money is conserved: confirmed + inFlight = deposits, always. */
export const balancesSchema = z.object({
  confirmed: minorUnits.describe('sum of the confirmed balances of every account'),
  inFlight: minorUnits.describe('money debited from a payer and not yet credited nor given back'),
  deposits: minorUnits.describe('sum of every deposit: all the money that ever came in'),
  conserved: z.boolean().describe('confirmed + inFlight = deposits'),
  openPayments: z.number().int().describe('payments neither completed nor failed yet'),
});

export type Balances = z.output<typeof balancesSchema>;

/** `GET /balances`. */
export class BalancesDto extends createZodDto(balancesSchema) {}

/** The query of `GET /balances`. */
export const balancesQuery = z.object({
  currency: currencySchema.optional().describe('only the accounts and payments of this currency'),
});

/** The query of `GET /balances`. */
export class BalancesQueryDto extends createZodDto(balancesQuery) {}
