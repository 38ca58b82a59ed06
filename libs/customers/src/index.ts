export * from './customer.entity';
export * from './customers.constants';
export * from './migrations/1732350000100-create-customers.migration';
export * from './customers.service';
