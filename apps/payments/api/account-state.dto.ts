import { accountStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** An account as a command's outcome answers it: owner, currency, status, confirmed balance. */
export class AccountStateDto extends createZodDto(accountStateSchema) {}
