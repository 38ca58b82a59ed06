export * from './account.entity';
export * from './account-entry.entity';
export * from './payment.entity';
export * from './payments.constants';
export * from './payment-rules';
export * from './payment-state';
export * from './migrations/1764900000500-create-payments.migration';
export * from './payments.service';
